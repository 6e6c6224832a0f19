import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed tokens in the URLs we put into emails: the open pixel (`o`), tracked links (`c`) and the
 * unsubscribe link (`u`); also recording download URLs (`r`: id and expiry, modules/recordings/
 * recording-url.ts), so the platform signs URLs one way. The payload travels in the URL (so a click
 * needs no lookup to know where to go) and an HMAC over purpose + payload proves we wrote it: a click can only ever redirect to a URL
 * that was in the email we sent, and one purpose's token is never accepted for another.
 */
export type LinkPurpose = 'o' | 'c' | 'u' | 'r';

const PayloadSchemas = {
  o: z.object({ t: z.string(), m: z.string() }),
  c: z.object({ t: z.string(), m: z.string(), u: z.url({ protocol: /^https?$/ }) }),
  u: z.object({ t: z.string(), m: z.string(), a: z.string() }),
  r: z.object({ r: z.string(), e: z.number().int() }),
};
export type LinkPayload<P extends LinkPurpose> = z.infer<(typeof PayloadSchemas)[P]>;

/** 128 bits of HMAC-SHA256: ample against forgery, and the URLs stay short. */
const MAC_BYTES = 16;

/** The email link key, derived from the access-token key so no extra secret needs configuring. */
export function deriveLinkKey(accessTokenKey: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', accessTokenKey, Buffer.alloc(0), 'iris:email-links', 32));
}

function mac(key: Uint8Array, purpose: LinkPurpose, payload: string) {
  return createHmac('sha256', key).update(`${purpose}.${payload}`).digest().subarray(0, MAC_BYTES);
}

export function signLinkToken<P extends LinkPurpose>(
  key: Uint8Array,
  purpose: P,
  payload: LinkPayload<P>,
): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(key, purpose, encoded).toString('base64url')}`;
}

/** The payload of a genuine token of this purpose; undefined for anything forged, altered or malformed. */
export function verifyLinkToken<P extends LinkPurpose>(
  key: Uint8Array,
  purpose: P,
  token: string,
): LinkPayload<P> | undefined {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return undefined;
  // Compared as text: base64url has several spellings of the same bytes, a token has exactly one.
  const expected = Buffer.from(mac(key, purpose, encoded).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = PayloadSchemas[purpose].safeParse(
      JSON.parse(Buffer.from(encoded, 'base64url').toString()),
    );
    return parsed.success ? (parsed.data as LinkPayload<P>) : undefined;
  } catch {
    return undefined;
  }
}
