import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import { SinchDeliveryReportSchema, SinchInboundSchema } from './sinch.schema';

/** A signature computed longer ago (or further ahead) than this is refused as a replay. */
export const SINCH_MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

const ALGORITHMS: Record<string, string> = {
  HmacSHA256: 'sha256',
  HmacSHA384: 'sha384',
  HmacSHA512: 'sha512',
};

/** Sinch delivery report statuses become ours here, and nowhere else. */
const STATUS: Record<string, ProviderStatus> = {
  Queued: 'queued',
  Dispatched: 'sent',
  Delivered: 'delivered',
  Failed: 'undelivered',
  Expired: 'undelivered',
  Deleted: 'undelivered',
  Rejected: 'failed',
  Aborted: 'failed',
  Cancelled: 'failed',
  // Handed to the operator, which never said more: not a failure.
  Unknown: 'sent',
};

const forged = (id: string, why: string) =>
  new ProviderError(`${id}: webhook signature refused (${why})`, {
    retryable: false,
    code: 'invalid_signature',
  });

/**
 * Sinch's HMAC callback signing: `x-sinch-webhook-signature` = base64(HMAC(secret, raw body + "." +
 * nonce + "." + timestamp)) with the algorithm, nonce and Unix timestamp in their own
 * `x-sinch-webhook-signature-*` headers. The timestamp is signed, so a stale one is a replay.
 */
export function verifySinchSignature(id: string, secret: string, request: RawWebhook, now = Date.now()) {
  const header = (name: string) => request.headers.get(`x-sinch-webhook-signature${name}`);
  const signature = header('');
  const nonce = header('-nonce');
  const timestamp = header('-timestamp');
  const algorithm = ALGORITHMS[header('-algorithm') ?? 'HmacSHA256'];
  if (!signature || !nonce || !timestamp) throw forged(id, 'signature headers missing');
  if (!algorithm) throw forged(id, 'unknown algorithm');
  const expected = createHmac(algorithm, secret).update(`${request.body}.${nonce}.${timestamp}`).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged(id, 'mismatch');
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > SINCH_MAX_SIGNATURE_AGE_MS)
    throw forged(id, 'stale timestamp');
}

const toE164 = (address: string) => (/^\d+$/.test(address) ? `+${address}` : address);

export function parseSinchStatus(id: string, body: string): StatusUpdate[] {
  const report = SinchDeliveryReportSchema.parse(JSON.parse(body));
  if (!('batch_id' in report)) return [];
  const status = STATUS[report.status];
  if (!status) return [];
  const failed = status === 'failed' || status === 'undelivered';
  return [
    {
      provider: id,
      // One recipient per batch: the batch is the message.
      providerMessageId: report.batch_id,
      status,
      eventKey: `${id}:${report.batch_id}:${report.recipient}:${report.status}:${report.code}`,
      occurredAt: new Date(report.operator_status_at ?? report.at),
      ...(failed ? { errorCode: `sinch_${report.code}`, errorMessage: report.status } : {}),
    },
  ];
}

export function parseSinchInbound(id: string, body: string): InboundMessage[] {
  const event = SinchInboundSchema.parse(JSON.parse(body));
  // Binary (UDH) messages are not conversations: acknowledged, not stored.
  if (event.type === 'mo_binary') return [];
  const common = {
    provider: id,
    providerMessageId: event.id,
    from: toE164(event.from),
    to: toE164(event.to),
    receivedAt: new Date(event.received_at),
  };
  if (event.type === 'mo_text') return [{ ...common, channel: 'sms', body: event.body, media: [] }];
  const media = event.body.media.flatMap((m) => (m.url && (m.code ?? 0) === 0 ? [m.url] : []));
  return [
    {
      ...common,
      channel: 'mms',
      body: event.body.message ?? null,
      media,
      ...(event.body.subject ? { subject: event.body.subject } : {}),
    },
  ];
}
