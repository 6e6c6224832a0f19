import { ProviderError } from './channel';

/** HTTP statuses worth another attempt (with this or another provider): throttling and server trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
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

/** Classifies an HTTP error answer of a provider. */
export function providerErrorFromStatus(status: number, provider: string, detail: string): ProviderError {
  return new ProviderError(`${provider}: HTTP ${status} ${detail}`.trim(), {
    retryable: isRetryableStatus(status),
    code: isRetryableStatus(status) ? 'provider_unavailable' : 'provider_rejected',
  });
}
