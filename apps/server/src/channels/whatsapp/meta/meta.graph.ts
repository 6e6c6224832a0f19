import type { ZodType } from 'zod';
import { ProviderError } from '../../channel';
import { isRetryableStatus, parseRetryAfter, providerErrorFromFetch } from '../../provider-error';
import { GraphErrorSchema, type MetaCredentials } from './meta.schema';

/** Graph error codes worth another attempt: throttling and Meta's own trouble. */
const RETRYABLE_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004]);
/** Throttling of the whole number or app: the provider is held back for a moment (not the pair limit, 131056, which is per user). */
const THROTTLE_CODES = new Set([4, 80007, 130429]);
const THROTTLE_HOLD_MS = 1000;

/** Meta's codes become ours here: the message's errorCode names the cause, not a number. */
const PERMANENT_CODES: Record<number, string> = {
  100: 'whatsapp_invalid_request',
  131009: 'whatsapp_invalid_request',
  131008: 'whatsapp_invalid_request',
  131026: 'whatsapp_undeliverable',
  131047: 'whatsapp_window_closed',
  131048: 'whatsapp_spam_rate_limited',
  131051: 'whatsapp_unsupported_message',
  131052: 'whatsapp_media_invalid',
  131053: 'whatsapp_media_invalid',
  132000: 'whatsapp_template_params_invalid',
  132001: 'whatsapp_template_not_found',
  132012: 'whatsapp_template_params_invalid',
  132015: 'whatsapp_template_unavailable',
  132016: 'whatsapp_template_unavailable',
  132007: 'whatsapp_template_unavailable',
  132005: 'whatsapp_template_unavailable',
  190: 'provider_auth_failed',
};

/** Our error code for a Meta error code (also used for failed statuses from webhooks). */
export function errorCodeOf(metaCode: number): string {
  if (PERMANENT_CODES[metaCode]) return PERMANENT_CODES[metaCode];
  if (RETRYABLE_CODES.has(metaCode))
    return THROTTLE_CODES.has(metaCode) ? 'provider_rate_limited' : 'provider_unavailable';
  return `whatsapp_error_${metaCode}`;
}

/** Classifies a Graph error answer by its error code (Meta answers most errors with HTTP 400). */
export function graphError(
  instanceId: string,
  status: number,
  headers: Headers,
  text: string,
): ProviderError {
  let parsed: ReturnType<typeof GraphErrorSchema.safeParse> | undefined;
  try {
    parsed = GraphErrorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const error = parsed?.success ? parsed.data.error : undefined;
  const metaCode = error?.code;
  const retryable = isRetryableStatus(status) || (metaCode !== undefined && RETRYABLE_CODES.has(metaCode));
  const throttled = status === 429 || (metaCode !== undefined && THROTTLE_CODES.has(metaCode));
  const detail = error
    ? `${error.message}${error.error_data?.details ? `: ${error.error_data.details}` : ''}`
    : text.slice(0, 200);
  let code =
    metaCode !== undefined ? errorCodeOf(metaCode) : retryable ? 'provider_unavailable' : 'provider_rejected';
  if (status === 401 && metaCode === undefined) code = 'provider_auth_failed';
  if (throttled) code = 'provider_rate_limited';
  const retryAfterMs = throttled
    ? (parseRetryAfter(headers.get('retry-after')) ?? THROTTLE_HOLD_MS)
    : status === 503
      ? parseRetryAfter(headers.get('retry-after'))
      : undefined;
  return new ProviderError(`${instanceId}: HTTP ${status} ${detail}`.trim(), {
    retryable: retryable || throttled,
    code,
    retryAfterMs: retryable || throttled ? retryAfterMs : undefined,
  });
}

export type GraphClient = ReturnType<typeof createGraphClient>;

/** The Graph API under one access token and API version; every failure is a classified ProviderError. */
export function createGraphClient(instanceId: string, credentials: MetaCredentials) {
  const base = `${credentials.graphBaseUrl.replace(/\/$/, '')}/${credentials.apiVersion}`;
  const auth = { authorization: `Bearer ${credentials.accessToken}` };

  async function call<T>(
    path: string,
    schema: ZodType<T>,
    options: { method?: string; json?: unknown; form?: FormData; signal: AbortSignal },
  ): Promise<T> {
    const url = path.startsWith('http') ? path : `${base}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? (options.json || options.form ? 'POST' : 'GET'),
        signal: options.signal,
        headers: options.json ? { ...auth, 'content-type': 'application/json' } : auth,
        body: options.json ? JSON.stringify(options.json) : options.form,
      });
    } catch (error) {
      throw providerErrorFromFetch(error, instanceId);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw graphError(instanceId, response.status, response.headers, text);
    try {
      return schema.parse(JSON.parse(text));
    } catch (error) {
      // A 200 we cannot read: Meta may or may not have acted, and retrying could send twice.
      throw new ProviderError(`${instanceId}: unreadable Graph answer: ${text.slice(0, 200)}`, {
        retryable: false,
        code: 'provider_bad_response',
        cause: error,
      });
    }
  }

  return { base, auth, call };
}
