import { ProviderError } from './channel';

/** HTTP statuses worth another attempt (with this or another provider): throttling and server trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** A provider asking for more than this is treated as asking for this (a message still has to go out). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Undefined when absent or
 * unreadable; clamped to [0, MAX_RETRY_AFTER_MS].
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/** Classifies a failed fetch: network errors and timeouts are retryable, anything else is a bug. */
export function providerErrorFromFetch(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = (error as { name?: string }).name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return new ProviderError(`${provider}: ${timedOut ? 'timed out' : 'connection failed'}`, {
    retryable: true,
    code: timedOut ? 'provider_timeout' : 'provider_unreachable',
    cause: error,
  });
}

/**
 * Classifies an HTTP error answer of a provider. With the response's headers, a 429 (or 503) with
 * `Retry-After` carries how long to leave the provider alone (`provider_rate_limited`).
 */
export function providerErrorFromStatus(
  status: number,
  provider: string,
  detail: string,
  headers?: Headers,
): ProviderError {
  const retryable = isRetryableStatus(status);
  const retryAfterMs =
    retryable && (status === 429 || status === 503)
      ? parseRetryAfter(headers?.get('retry-after'))
      : undefined;
  let code = retryable ? 'provider_unavailable' : 'provider_rejected';
  if (status === 429) code = 'provider_rate_limited';
  return new ProviderError(`${provider}: HTTP ${status} ${detail}`.trim(), { retryable, code, retryAfterMs });
}
