import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type InboundMessage,
  ProviderError,
  type ProviderStatus,
  type RawWebhook,
  type StatusUpdate,
} from '../../channel';
import { signedUrlCandidates } from '../../webhook-urls';
import { type PlivoCredentials, PlivoInboundSchema, PlivoStatusCallbackSchema } from './plivo.schema';

type Params = Map<string, string[]>;

const sortedValues = (params: Params) =>
  [...params.keys()].sort().map((key) => [key, [...params.get(key)!].sort()] as const);

/**
 * The string Plivo signs (X-Plivo-Signature-V3), as its SDKs build it: `scheme://host[:port]/path`,
 * then — when there are query or POST params — `?` and the query params sorted as `k=v` joined by
 * `&`, then `.` when there are both, then each POST param sorted as `key+value`; finally
 * `.` + nonce. Signature: base64 HMAC-SHA256 keyed with the Auth Token.
 */
export function plivoV3Signature(authToken: string, url: string, params: Params, nonce: string): string {
  const parsed = new URL(url);
  let base = `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' && !url.endsWith('/') ? '' : parsed.pathname}`;
  const query: Params = new Map();
  for (const [key, value] of parsed.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  const queryString = sortedValues(query)
    .flatMap(([key, values]) => values.map((value) => `${key}=${value}`))
    .join('&');
  if (queryString.length > 0 || params.size > 0) base += `?${queryString}`;
  if (queryString.length > 0 && params.size > 0) base += '.';
  for (const [key, values] of sortedValues(params)) for (const value of values) base += key + value;
  return createHmac('sha256', authToken).update(`${base}.${nonce}`, 'utf8').digest('base64');
}

/** V2 (older): base64 HMAC-SHA256 over the URL without its query, followed by the nonce. */
export function plivoV2Signature(authToken: string, url: string, nonce: string): string {
  const parsed = new URL(url);
  return createHmac('sha256', authToken)
    .update(`${parsed.protocol}//${parsed.host}${parsed.pathname}${nonce}`, 'utf8')
    .digest('base64');
}

const safeEqual = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The POST params of a callback: form-encoded (Plivo's default), or a flat JSON object. */
function paramsOf(request: RawWebhook): Params {
  const params: Params = new Map();
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    for (const [key, value] of Object.entries(JSON.parse(request.body) as Record<string, unknown>))
      params.set(key, Array.isArray(value) ? value.map(String) : [value === null ? '' : String(value)]);
    return params;
  }
  for (const [key, value] of new URLSearchParams(request.body))
    params.set(key, [...(params.get(key) ?? []), value]);
  return params;
}

/** Verifies a Plivo webhook over the raw request (V3, or V2 when allowed); returns its params. */
export function verifyPlivoWebhook(id: string, credentials: PlivoCredentials, request: RawWebhook): Params {
  const refuse = (why: string) =>
    new ProviderError(`${id}: ${why}`, { retryable: false, code: 'invalid_signature' });
  const params = paramsOf(request);
  const urls = signedUrlCandidates(request.url, credentials.webhookOrigin);
  const v3 = request.headers.get('x-plivo-signature-v3');
  const v3Nonce = request.headers.get('x-plivo-signature-v3-nonce');
  if (v3 && v3Nonce) {
    // The header may carry several signatures (comma-separated): any one matching will do.
    const given = v3.split(',').map((s) => s.trim());
    const valid = urls.some((url) => {
      const expected = plivoV3Signature(credentials.authToken, url, params, v3Nonce);
      return given.some((signature) => safeEqual(signature, expected));
    });
    if (!valid) throw refuse('bad X-Plivo-Signature-V3');
    return params;
  }
  const v2 = request.headers.get('x-plivo-signature-v2');
  const v2Nonce = request.headers.get('x-plivo-signature-v2-nonce');
  if (credentials.acceptV2Signatures && v2 && v2Nonce) {
    if (!urls.some((url) => safeEqual(plivoV2Signature(credentials.authToken, url, v2Nonce), v2)))
      throw refuse('bad X-Plivo-Signature-V2');
    return params;
  }
  throw refuse('no X-Plivo-Signature-V3');
}

const first = (params: Params) => Object.fromEntries([...params].map(([key, values]) => [key, values[0]]));

/** Plivo numbers come without the `+`: ours are E.164. Short codes stay as they are. */
export const e164 = (number: string) => (/^\d{8,15}$/.test(number) ? `+${number}` : number);

const STATUS: Record<string, ProviderStatus | undefined> = {
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  rejected: 'failed',
  read: 'read',
  received: undefined,
};

/** Plivo's message error codes as ours; others keep Plivo's number. */
const DELIVERY_ERRORS: Record<string, string> = {
  '10': 'invalid_content',
  '20': 'carrier_unknown_error',
  '30': 'carrier_filtered',
  '40': 'invalid_sender',
  '50': 'invalid_recipient',
  '60': 'carrier_rejected',
  '70': 'unreachable',
  '80': 'unreachable',
  '90': 'destination_not_permitted',
  '100': 'carrier_filtered',
  '110': 'invalid_content',
  '200': 'recipient_opted_out',
};

export function parsePlivoStatus(
  id: string,
  credentials: PlivoCredentials,
  request: RawWebhook,
): StatusUpdate[] {
  const callback = PlivoStatusCallbackSchema.parse(first(verifyPlivoWebhook(id, credentials, request)));
  const status = STATUS[callback.Status];
  if (!status) return [];
  const failed = status === 'failed' || status === 'undelivered';
  const code = callback.ErrorCode && callback.ErrorCode !== '000' ? callback.ErrorCode : undefined;
  return [
    {
      provider: id,
      providerMessageId: callback.MessageUUID,
      status,
      // Plivo reports each status of a message once (re-sent only when our answer failed).
      eventKey: `${id}:${callback.MessageUUID}:${callback.Status}`,
      occurredAt: new Date(),
      ...(failed
        ? {
            errorCode: code ? (DELIVERY_ERRORS[code] ?? `plivo_${code}`) : `provider_${status}`,
            errorMessage: code ? `Plivo error ${code}` : undefined,
          }
        : {}),
    },
  ];
}

export function parsePlivoInbound(
  id: string,
  credentials: PlivoCredentials,
  request: RawWebhook,
): InboundMessage[] {
  const params = verifyPlivoWebhook(id, credentials, request);
  const inbound = PlivoInboundSchema.parse(first(params));
  const media: string[] = [];
  for (let n = 1; n <= inbound.MediaCount; n++) {
    const url = params.get(`Media${n}`)?.[0];
    if (url) media.push(url);
  }
  const body = inbound.Text ?? inbound.Body ?? null;
  return [
    {
      provider: id,
      providerMessageId: inbound.MessageUUID,
      channel: media.length > 0 || inbound.Type === 'mms' ? 'mms' : 'sms',
      from: e164(inbound.From),
      to: e164(inbound.To),
      body: body === '' && media.length > 0 ? null : body,
      media,
      receivedAt: new Date(),
    },
  ];
}
