import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import { signedUrlCandidates } from '../../webhook-urls';
import { type TwilioCredentials, TwilioInboundSchema, TwilioStatusCallbackSchema } from './twilio.schema';

/**
 * `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the Auth Token, over the full URL Twilio
 * requested followed by every POST param, sorted by name, as name+value with no separators (a
 * repeated name contributes each of its values, sorted).
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  let data = url;
  for (const name of [...new Set(params.keys())].sort())
    for (const value of params.getAll(name).sort()) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function safeEqual(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies a webhook over the raw request before anything is parsed; returns its params. Form
 * bodies: URL + sorted params. JSON bodies: Twilio puts `bodySHA256` (hex SHA-256 of the raw body)
 * in the query string and signs the URL alone, so the body hash is checked too.
 */
export function verifyTwilioWebhook(
  id: string,
  credentials: TwilioCredentials,
  request: RawWebhook,
): URLSearchParams {
  const refuse = (why: string) =>
    new ProviderError(`${id}: ${why}`, { retryable: false, code: 'invalid_signature' });
  const signature = request.headers.get('x-twilio-signature');
  if (!signature) throw refuse('no X-Twilio-Signature');
  const bodyHash = new URL(request.url).searchParams.get('bodySHA256');
  const params = bodyHash === null ? new URLSearchParams(request.body) : new URLSearchParams();
  if (bodyHash !== null) {
    const actual = createHash('sha256').update(request.body, 'utf8').digest('hex');
    if (!safeEqual(actual, bodyHash.toLowerCase())) throw refuse('the body does not match bodySHA256');
  }
  const valid = signedUrlCandidates(request.url, credentials.webhookOrigin).some((url) =>
    safeEqual(twilioSignature(credentials.authToken, url, params), signature),
  );
  if (!valid) throw refuse('bad X-Twilio-Signature');
  return bodyHash === null ? params : new URLSearchParams(flatJson(request.body));
}

/** A JSON webhook's top-level fields as params (strings), for the same parsing as form bodies. */
function flatJson(body: string): Record<string, string> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/** Twilio's message statuses in ours; `undefined` for ones that say nothing about an outbound message. */
export const TWILIO_STATUS: Record<string, ProviderStatus | undefined> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  // Some parts arrived, not all: not a delivery we can claim.
  partially_delivered: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  read: 'read',
  receiving: undefined,
  received: undefined,
};

/** Twilio's delivery error codes (30xxx) as our error codes; others keep Twilio's number. */
const DELIVERY_ERRORS: Record<string, string> = {
  '30003': 'unreachable',
  '30004': 'recipient_blocked',
  '30005': 'invalid_recipient',
  '30006': 'landline_or_unreachable_carrier',
  '30007': 'carrier_filtered',
  '30008': 'carrier_unknown_error',
  '21610': 'recipient_opted_out',
};

export function parseTwilioStatus(
  id: string,
  credentials: TwilioCredentials,
  request: RawWebhook,
): StatusUpdate[] {
  const params = verifyTwilioWebhook(id, credentials, request);
  const callback = TwilioStatusCallbackSchema.parse(Object.fromEntries(params));
  if (callback.AccountSid !== credentials.accountSid) return [];
  const status = TWILIO_STATUS[callback.MessageStatus];
  if (!status) return [];
  const failed = status === 'failed' || status === 'undelivered';
  const code = callback.ErrorCode && callback.ErrorCode !== '0' ? callback.ErrorCode : undefined;
  return [
    {
      provider: id,
      providerMessageId: callback.MessageSid,
      status,
      // Twilio sends no event id: each status of a message is reported once (and re-sent only on
      // a failed delivery), so the status names the event.
      eventKey: `${id}:${callback.MessageSid}:${callback.MessageStatus}`,
      occurredAt: new Date(),
      ...(failed
        ? {
            errorCode: code ? (DELIVERY_ERRORS[code] ?? `twilio_${code}`) : `provider_${status}`,
            errorMessage: code
              ? `Twilio error ${code}${callback.ErrorMessage ? `: ${callback.ErrorMessage}` : ''}`
              : undefined,
          }
        : {}),
    },
  ];
}

export function parseTwilioInbound(
  id: string,
  credentials: TwilioCredentials,
  request: RawWebhook,
): InboundMessage[] {
  const params = verifyTwilioWebhook(id, credentials, request);
  const inbound = TwilioInboundSchema.parse(Object.fromEntries(params));
  if (inbound.AccountSid !== credentials.accountSid) return [];
  const media: string[] = [];
  for (let n = 0; n < inbound.NumMedia; n++) {
    const url = params.get(`MediaUrl${n}`);
    if (url) media.push(url);
  }
  return [
    {
      provider: id,
      providerMessageId: inbound.MessageSid,
      channel: media.length > 0 ? 'mms' : 'sms',
      from: inbound.From,
      to: inbound.To,
      body: inbound.Body === '' && media.length > 0 ? null : inbound.Body,
      media,
      receivedAt: new Date(),
    },
  ];
}
