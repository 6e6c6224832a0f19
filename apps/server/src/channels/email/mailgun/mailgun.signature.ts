import { createHmac } from 'node:crypto';
import { invalidSignature, safeEqual } from '../shared/webhook-auth';

/**
 * Mailgun signs `timestamp + token` (HMAC-SHA256, hex) — not the payload. So a captured signature
 * could be glued to another payload: besides refusing stale timestamps, a token is remembered with
 * the payload it came with, and the same token with a different payload is refused. The same token
 * with the same payload is a redelivery and passes (the pipeline dedupes it by event key).
 * The memory is per process and lasts the freshness window: a multi-node deployment narrows but
 * does not close the window for cross-node replays of different payloads within it.
 */
export function createMailgunVerifier(options: {
  signingKey: string;
  maxAgeSeconds: number;
  now?: () => number;
}) {
  const seen = new Map<string, { fingerprint: string; expiresAt: number }>();
  const now = options.now ?? Date.now;

  function forget(at: number) {
    // Tokens arrive roughly in time order: stop at the first one still fresh.
    for (const [token, entry] of seen) {
      if (entry.expiresAt > at) break;
      seen.delete(token);
    }
  }

  return function verify(
    signature: { timestamp: string; token: string; signature: string },
    fingerprint: string,
  ): void {
    const expected = createHmac('sha256', options.signingKey)
      .update(signature.timestamp + signature.token)
      .digest('hex');
    if (!safeEqual(expected, signature.signature.toLowerCase()))
      throw invalidSignature('mailgun', 'signature does not verify');
    const at = now();
    const signedAt = Number(signature.timestamp) * 1000;
    if (!Number.isFinite(signedAt) || Math.abs(at - signedAt) > options.maxAgeSeconds * 1000)
      throw invalidSignature('mailgun', 'stale timestamp');
    forget(at);
    const known = seen.get(signature.token);
    if (known && known.fingerprint !== fingerprint) throw invalidSignature('mailgun', 'token reused');
    seen.set(signature.token, { fingerprint, expiresAt: signedAt + options.maxAgeSeconds * 1000 });
  };
}
