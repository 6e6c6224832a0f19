import { ProviderError } from '../../channel';

const NETWORK = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROTOCOL',
]);

/**
 * SMTP replies say themselves whether to try again: 4xx is temporary (greylisting, full queue),
 * 5xx permanent (unknown user, policy). No reply at all (connection, timeout) is retryable.
 */
export function providerErrorFromSmtp(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500)
    return new ProviderError(`smtp: ${message}`, {
      retryable: true,
      code: 'provider_unavailable',
      cause: error,
    });
  if (typeof responseCode === 'number' && responseCode >= 500)
    return new ProviderError(`smtp: ${message}`, {
      retryable: false,
      code: code === 'EAUTH' ? 'provider_rejected' : 'recipient_rejected',
      cause: error,
    });
  if (code && NETWORK.has(code))
    return new ProviderError(`smtp: ${message}`, {
      retryable: true,
      code: code === 'ETIMEDOUT' ? 'provider_timeout' : 'provider_unreachable',
      cause: error,
    });
  return new ProviderError(`smtp: ${message ?? 'send failed'}`, {
    retryable: false,
    code: 'provider_rejected',
    cause: error,
  });
}
