import { createPublicKey, verify } from 'node:crypto';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import { type TelnyxCredentials, TelnyxWebhookSchema } from './telnyx.schema';

/** The DER prefix that makes a raw Ed25519 key an SPKI structure OpenSSL can load (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function telnyxPublicKey(base64: string) {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(base64, 'base64')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * `telnyx-signature-ed25519`: base64 Ed25519 signature, by Telnyx's key, over
 * `<telnyx-timestamp>|<raw body>`; a timestamp outside the tolerance is refused (a replay).
 */
export function verifyTelnyxWebhook(
  id: string,
  credentials: TelnyxCredentials,
  request: RawWebhook,
  key = telnyxPublicKey(credentials.publicKey),
  now = Date.now(),
) {
  const refuse = (why: string) =>
    new ProviderError(`${id}: ${why}`, { retryable: false, code: 'invalid_signature' });
  const signature = request.headers.get('telnyx-signature-ed25519');
  const timestamp = request.headers.get('telnyx-timestamp');
  if (!signature || !timestamp) throw refuse('no telnyx-signature-ed25519 / telnyx-timestamp');
  if (!/^\d+$/.test(timestamp)) throw refuse('a malformed telnyx-timestamp');
  if (Math.abs(now / 1000 - Number(timestamp)) > credentials.timestampToleranceSeconds)
    throw refuse('a stale telnyx-timestamp');
  const bytes = Buffer.from(signature, 'base64');
  const signed = Buffer.from(`${timestamp}|${request.body}`, 'utf8');
  if (bytes.length !== 64 || !verify(null, signed, key, bytes)) throw refuse('bad telnyx-signature-ed25519');
}

/** Per-recipient delivery statuses (`payload.to[].status`) in ours. */
const STATUS: Record<string, ProviderStatus | undefined> = {
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  sending_failed: 'failed',
  delivery_failed: 'undelivered',
  // The carrier never confirmed either way: handed over, nothing more is known.
  delivery_unconfirmed: 'sent',
};

/** Telnyx delivery error codes (40xxx) as ours; others keep Telnyx's number. */
const DELIVERY_ERRORS: Record<string, string> = {
  '40001': 'invalid_recipient',
  '40002': 'carrier_filtered',
  '40003': 'carrier_filtered',
  '40004': 'carrier_rejected',
  '40005': 'expired',
  '40006': 'unreachable',
  '40008': 'carrier_rejected',
  '40009': 'invalid_content',
  '40300': 'recipient_opted_out',
};

export function parseTelnyxStatus(
  id: string,
  credentials: TelnyxCredentials,
  request: RawWebhook,
): StatusUpdate[] {
  verifyTelnyxWebhook(id, credentials, request);
  const { data } = TelnyxWebhookSchema.parse(JSON.parse(request.body));
  if (data.event_type !== 'message.sent' && data.event_type !== 'message.finalized') return [];
  if (data.payload.direction === 'inbound') return [];
  const raw = data.payload.to[0]?.status;
  const status = raw ? STATUS[raw] : undefined;
  if (!status) return [];
  const failed = status === 'failed' || status === 'undelivered';
  const error = data.payload.errors[0];
  return [
    {
      provider: id,
      providerMessageId: data.payload.id,
      status,
      // The event's own id: the same on every (re)delivery of this event.
      eventKey: `${id}:${data.id}`,
      occurredAt: new Date(data.occurred_at),
      ...(failed
        ? {
            errorCode: error ? (DELIVERY_ERRORS[error.code] ?? `telnyx_${error.code}`) : `provider_${status}`,
            errorMessage: error
              ? `Telnyx error ${error.code}: ${error.title ?? error.detail ?? ''}`.trim()
              : undefined,
          }
        : {}),
    },
  ];
}

export function parseTelnyxInbound(
  id: string,
  credentials: TelnyxCredentials,
  request: RawWebhook,
): InboundMessage[] {
  verifyTelnyxWebhook(id, credentials, request);
  const { data } = TelnyxWebhookSchema.parse(JSON.parse(request.body));
  if (data.event_type !== 'message.received') return [];
  const { payload } = data;
  const media = payload.media.map((m) => m.url);
  const from = payload.from?.phone_number;
  const to = payload.to[0]?.phone_number;
  if (!from || !to) return [];
  return [
    {
      provider: id,
      providerMessageId: payload.id,
      channel: media.length > 0 || payload.type === 'MMS' ? 'mms' : 'sms',
      from,
      to,
      body: payload.text ?? null,
      media,
      receivedAt: new Date(payload.received_at ?? data.occurred_at),
    },
  ];
}
