import { createHash, timingSafeEqual } from 'node:crypto';
import { ProviderError } from '../channel';
import { providerErrorFromFetch } from '../provider-error';

/**
 * Our failure codes for chat sends: each adapter maps its platform's errors onto these, so a
 * message's `errorCode` means the same whichever platform refused it (CONVENTIONS §8).
 */
export type ChatErrorCode =
  | 'recipient_not_found'
  | 'recipient_unreachable'
  | 'content_rejected'
  | 'provider_auth_failed'
  | 'provider_rejected'
  | 'provider_unavailable'
  | 'rate_limited';

const RETRYABLE = new Set<ChatErrorCode>(['provider_unavailable', 'rate_limited']);

export function chatError(
  provider: string,
  code: ChatErrorCode,
  detail: string,
  options: { retryAfterMs?: number; cause?: unknown } = {},
): ProviderError {
  return new ProviderError(`${provider}: ${detail}`, {
    code,
    retryable: RETRYABLE.has(code),
    retryAfterMs: options.retryAfterMs,
    cause: options.cause,
  });
}

/** The error of a forged or stale delivery: the webhook routes answer it with 401. */
export function invalidSignature(provider: string, detail: string): ProviderError {
  return new ProviderError(`${provider}: ${detail}`, { code: 'invalid_signature', retryable: false });
}

/** A Retry-After-style value in seconds (integer or fraction) as milliseconds. */
export function secondsToMs(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

/** The generic mapping of an HTTP status no platform-specific rule caught. */
export function chatErrorFromStatus(
  provider: string,
  status: number,
  detail: string,
  retryAfterMs?: number,
): ProviderError {
  if (status === 429) return chatError(provider, 'rate_limited', `HTTP 429 ${detail}`, { retryAfterMs });
  if (status >= 500 || status === 408)
    return chatError(provider, 'provider_unavailable', `HTTP ${status} ${detail}`, { retryAfterMs });
  if (status === 401) return chatError(provider, 'provider_auth_failed', `HTTP 401 ${detail}`);
  return chatError(provider, 'provider_rejected', `HTTP ${status} ${detail}`);
}

/** fetch, with network failures and timeouts turned into retryable ProviderErrors. */
export async function fetchOrThrow(provider: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw providerErrorFromFetch(error, provider);
  }
}

/** The body as JSON, or undefined when it is not JSON (an HTML error page from a proxy). */
export async function jsonOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of two secrets of any length (hashed first so lengths do not leak). */
export function secretsEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Waits `ms`, or rejects as soon as the send's deadline passes. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Media sent to platforms that take links rather than uploads: the URLs after the text. */
export function textWithLinks(body: string | null, media: string[]): string {
  return [body ?? '', ...media].filter((part) => part.length > 0).join('\n');
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  txt: 'text/plain',
};

/** A content type from a file name, for platforms whose file servers answer octet-stream. */
export function contentTypeOfName(name: string, fallback = 'application/octet-stream'): string {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? fallback;
}

export function isImageUrl(url: string): boolean {
  return contentTypeOfName(new URL(url).pathname, '').startsWith('image/');
}
