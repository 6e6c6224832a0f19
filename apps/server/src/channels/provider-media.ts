import { ProviderError } from './channel';
import { providerErrorFromFetch, providerErrorFromStatus } from './provider-error';

/** The largest inbound media item we keep (WhatsApp video is 16 MB, MMS a few MB). */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/**
 * Media types we keep a copy of. Anything else (executables, HTML, unknown octet streams) is
 * refused: we would be serving it back to the tenant's browsers.
 */
const KEPT_TYPES = [
  /^image\//,
  /^audio\//,
  /^video\//,
  /^text\/(plain|vcard|x-vcard|calendar|csv)$/,
  /^application\/(pdf|smil|ogg|vnd\.[\w.+-]+|msword|zip)$/,
];

export function isKeptMediaType(contentType: string): boolean {
  return KEPT_TYPES.some((pattern) => pattern.test(contentType));
}

/** `image/jpeg; name=x.jpg` → `image/jpeg`. */
export function normalizeContentType(value: string | null | undefined): string {
  return (value ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
}

/**
 * Downloads one media URL for an adapter's `fetchMedia`: credentials go only to the provider's own
 * API host (`authOrigin`) — a URL elsewhere (a CDN's pre-signed link) is fetched without them, and
 * fetch drops them itself on a redirect to another origin. Reading stops at `maxBytes`.
 */
export async function fetchProviderMedia(
  url: string,
  options: {
    provider: string;
    signal: AbortSignal;
    authOrigin: string;
    headers: Record<string, string>;
    maxBytes?: number;
  },
): Promise<{ body: Uint8Array; contentType: string }> {
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const sameOrigin = new URL(url).origin === new URL(options.authOrigin).origin;
  let response: Response;
  try {
    response = await fetch(url, {
      signal: options.signal,
      headers: sameOrigin ? options.headers : {},
      redirect: 'follow',
    });
  } catch (error) {
    throw providerErrorFromFetch(error, options.provider);
  }
  if (!response.ok) {
    const detail = (await response.text().catch(() => '')).slice(0, 200);
    throw providerErrorFromStatus(
      response.status,
      options.provider,
      `fetching media: ${detail}`,
      response.headers,
    );
  }
  const tooLarge = () =>
    new ProviderError(`${options.provider}: media larger than ${maxBytes} bytes`, {
      retryable: false,
      code: 'media_too_large',
    });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  }
  return {
    body: Buffer.concat(chunks),
    contentType: normalizeContentType(response.headers.get('content-type')),
  };
}
