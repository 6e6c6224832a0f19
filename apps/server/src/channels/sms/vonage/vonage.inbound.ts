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
  type VonageCredentials,
  VonageInboundWebhookSchema,
  VonageStatusWebhookSchema,
  VonageWebhookClaimsSchema,
} from './vonage.schema';

/** A token issued longer ago than this is a replay, not a delivery. */
export const VONAGE_MAX_TOKEN_AGE_MS = 5 * 60 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;

/** Vonage's message statuses become ours here, and nowhere else. */
const STATUS: Record<string, ProviderStatus> = {
  submitted: 'sent',
  delivered: 'delivered',
  rejected: 'failed',
  undeliverable: 'undelivered',
  read: 'read',
};

const forged = (id: string, why: string, cause?: unknown) =>
  new ProviderError(`${id}: webhook signature refused (${why})`, {
    retryable: false,
    code: 'invalid_signature',
    cause,
  });

/**
 * Vonage signs Messages API webhooks with a JWT (HS256, the account's signature secret) in
 * `Authorization: Bearer`; its `payload_hash` claim is the SHA-256 of the body, which binds the
 * token to these bytes, and `iat` dates it. Verified over the raw body before anything is parsed.
 */
export async function verifyVonageWebhook(
  id: string,
  credentials: Pick<VonageCredentials, 'signatureSecret' | 'apiKey'>,
  request: RawWebhook,
  now = Date.now(),
) {
  const authorization = request.headers.get('authorization') ?? '';
  if (!authorization.startsWith('Bearer ')) throw forged(id, 'no bearer token');
  let claims: unknown;
  try {
    ({ payload: claims } = await jwtVerify(
      authorization.slice(7),
      new TextEncoder().encode(credentials.signatureSecret),
      { algorithms: ['HS256'], currentDate: new Date(now) },
    ));
  } catch (error) {
    throw forged(id, 'bad token', error);
  }
  const parsed = VonageWebhookClaimsSchema.safeParse(claims);
  if (!parsed.success) throw forged(id, 'claims missing');
  const expected = createHash('sha256').update(request.body).digest();
  const given = Buffer.from(parsed.data.payload_hash, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged(id, 'payload_hash');
  const issuedAt = parsed.data.iat * 1000;
  if (now - issuedAt > VONAGE_MAX_TOKEN_AGE_MS || issuedAt - now > CLOCK_SKEW_MS)
    throw forged(id, 'stale token');
  if (credentials.apiKey && parsed.data.api_key && parsed.data.api_key !== credentials.apiKey)
    throw forged(id, 'another account');
}

/** Vonage writes numbers as E.164 digits without `+`; ours carry it (alphanumeric senders stay as they are). */
export const toE164 = (address: string) => (/^\d+$/.test(address) ? `+${address}` : address);

export function parseVonageStatus(id: string, body: string): StatusUpdate[] {
  const event = VonageStatusWebhookSchema.parse(JSON.parse(body));
  const status = STATUS[event.status];
  if (!status) return [];
  // The code is the fragment of the error's type URL (`…/messages#1320`); some payloads put it in `title`.
  const errorCode = event.error?.type?.split('#')[1] ?? event.error?.title;
  return [
    {
      provider: id,
      providerMessageId: event.message_uuid,
      status,
      // Vonage reports each status of a message once (and redelivers it unchanged).
      eventKey: `${id}:${event.message_uuid}:${event.status}`,
      occurredAt: new Date(event.timestamp),
      ...(errorCode !== undefined ? { errorCode: `vonage_${errorCode}` } : {}),
      ...(event.error?.detail ? { errorMessage: event.error.detail } : {}),
    },
  ];
}

export function parseVonageInbound(id: string, body: string): InboundMessage[] {
  const event = VonageInboundWebhookSchema.parse(JSON.parse(body));
  const attachments = [event.image, event.video, event.audio, event.vcard, event.file].filter(
    (a) => a !== undefined,
  );
  return [
    {
      provider: id,
      providerMessageId: event.message_uuid,
      channel: event.channel === 'mms' || attachments.length > 0 ? 'mms' : 'sms',
      from: toE164(event.from),
      to: toE164(event.to),
      body: event.text ?? attachments.find((a) => a.caption)?.caption ?? null,
      media: attachments.map((a) => a.url),
      receivedAt: new Date(event.timestamp),
    },
  ];
}
