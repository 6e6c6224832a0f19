import { createHash, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import {
  MessageBirdClaimsSchema,
  MessageBirdInboundSchema,
  MessageBirdStatusReportSchema,
} from './messagebird.schema';

export const MESSAGEBIRD_SIGNATURE_HEADER = 'messagebird-signature-jwt';

/** MessageBird's recipient statuses become ours here, and nowhere else. */
const STATUS: Record<string, ProviderStatus> = {
  scheduled: 'queued',
  sent: 'sent',
  buffered: 'sent',
  delivered: 'delivered',
  expired: 'undelivered',
  delivery_failed: 'undelivered',
};

const forged = (id: string, why: string, cause?: unknown) =>
  new ProviderError(`${id}: webhook signature refused (${why})`, {
    retryable: false,
    code: 'invalid_signature',
    cause,
  });

function sameHash(hexClaim: string, data: string) {
  const expected = createHash('sha256').update(data).digest();
  const given = Buffer.from(hexClaim, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `MessageBird-Signature-JWT`: a JWT (HS256/384/512, the account's signing key, issuer
 * `MessageBird`) whose `nbf`/`exp` bound it to about a minute, `url_hash` is the SHA-256 of the
 * full requested URL (query included: status reports are GETs whose data is the query) and
 * `payload_hash` the SHA-256 of the body, when there is one. Checked as MessageBird's own SDKs do.
 */
export async function verifyMessageBirdSignature(
  id: string,
  signingKey: string,
  request: RawWebhook,
  now = Date.now(),
) {
  const token = request.headers.get(MESSAGEBIRD_SIGNATURE_HEADER);
  if (!token) throw forged(id, `no ${MESSAGEBIRD_SIGNATURE_HEADER} header`);
  let claims: unknown;
  try {
    ({ payload: claims } = await jwtVerify(token, new TextEncoder().encode(signingKey), {
      issuer: 'MessageBird',
      algorithms: ['HS256', 'HS384', 'HS512'],
      clockTolerance: 5,
      currentDate: new Date(now),
    }));
  } catch (error) {
    throw forged(id, 'bad or expired token', error);
  }
  const parsed = MessageBirdClaimsSchema.safeParse(claims);
  if (!parsed.success) throw forged(id, 'claims missing');
  if (!sameHash(parsed.data.url_hash, request.url)) throw forged(id, 'url_hash');
  if (parsed.data.payload_hash !== undefined) {
    if (!sameHash(parsed.data.payload_hash, request.body)) throw forged(id, 'payload_hash');
  } else if (request.body.length > 0) throw forged(id, 'a body without payload_hash');
}

const toE164 = (address: string) => (/^\d+$/.test(address) ? `+${address}` : address);

export function parseMessageBirdStatus(id: string, request: RawWebhook): StatusUpdate[] {
  const report = MessageBirdStatusReportSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const status = STATUS[report.status];
  if (!status) return [];
  return [
    {
      provider: id,
      providerMessageId: report.id,
      status,
      // A redelivered report repeats all of these; a new one has a new status or time.
      eventKey: `${id}:${report.id}:${report.recipient}:${report.status}:${report.statusDatetime}`,
      occurredAt: new Date(report.statusDatetime),
      ...(report.statusErrorCode ? { errorCode: `messagebird_${report.statusErrorCode}` } : {}),
      ...(report.statusReason ? { errorMessage: report.statusReason } : {}),
    },
  ];
}

export function parseMessageBirdInbound(id: string, request: RawWebhook): InboundMessage[] {
  const json = (request.headers.get('content-type') ?? '').includes('json');
  const fields = json ? JSON.parse(request.body) : Object.fromEntries(new URLSearchParams(request.body));
  const event = MessageBirdInboundSchema.parse(fields);
  return [
    {
      provider: id,
      providerMessageId: event.id,
      channel: 'sms',
      from: toE164(event.originator),
      to: toE164(event.recipient),
      body: event.payload ?? event.body ?? null,
      media: [],
      receivedAt: event.createdDatetime ? new Date(event.createdDatetime) : new Date(),
    },
  ];
}
