import { createHash } from 'node:crypto';
import { splitTopLevel, unquote } from '../parser/lexical';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];

export type AuthHeader = { scheme: string; params: Record<string, string> };

/** Parses `Digest realm="x", nonce="y", qop="auth,auth-int"`; parameter names are lower-cased, values unquoted. */
export function parseAuthHeader(value: string): AuthHeader {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  const params: Record<string, string> = {};
  if (space >= 0) {
    for (const part of splitTopLevel(trimmed.slice(space + 1), ',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      params[part.slice(0, eq).trim().toLowerCase()] = unquote(part.slice(eq + 1).trim());
    }
  }
  return { scheme, params };
}

/** RFC 7616 §3.4: these are sent as tokens, everything else quoted. */
const UNQUOTED = new Set(['algorithm', 'nc', 'qop', 'stale']);

export function serializeAuthHeader(header: AuthHeader, quoteQop = false): string {
  const parts = Object.entries(header.params).map(([k, v]) =>
    UNQUOTED.has(k) && !(k === 'qop' && quoteQop) ? `${k}=${v}` : `${k}="${v.replace(/(["\\])/g, '\\$1')}"`,
  );
  return `${header.scheme} ${parts.join(', ')}`;
}

export function hashHex(algorithm: DigestAlgorithm, data: string | Buffer): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(data)
    .digest('hex');
}

export type DigestInput = {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  /** The password, or a precomputed H(username:realm:password) when passwords are not stored. */
  password?: string;
  ha1?: string;
  method: string;
  uri: string;
  nonce: string;
  /** qop chosen from the challenge; omitted for RFC 2069 style challenges without qop. */
  qop?: 'auth' | 'auth-int';
  nc?: string;
  cnonce?: string;
  body?: Buffer;
};

/** request-digest of RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1 for MD5). */
export function computeDigestResponse(input: DigestInput): string {
  const { algorithm } = input;
  const h = (s: string) => hashHex(algorithm, s);
  let ha1 = input.ha1 ?? h(`${input.username}:${input.realm}:${input.password ?? ''}`);
  if (algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const a2 =
    input.qop === 'auth-int'
      ? `${input.method}:${input.uri}:${hashHex(algorithm, input.body ?? Buffer.alloc(0))}`
      : `${input.method}:${input.uri}`;
  const ha2 = h(a2);
  if (!input.qop) return h(`${ha1}:${input.nonce}:${ha2}`);
  return h(`${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

export const parseAlgorithm = (value: string | undefined): DigestAlgorithm | undefined => {
  if (value === undefined) return 'MD5';
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === value.toLowerCase());
};
