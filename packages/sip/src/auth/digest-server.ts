import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Clock, systemClock } from '../clock/clock';
import { getHeaders } from '../message/headers';
import type { SipRequest } from '../parser/types';
import {
  computeDigestResponse,
  type DigestAlgorithm,
  parseAlgorithm,
  parseAuthHeader,
  serializeAuthHeader,
} from './digest';

/** A password, or H(username:realm:password) for stores that keep only that. */
export type DigestSecret = { password: string } | { ha1: string };
export type SecretLookup = (
  username: string,
  realm: string,
) => DigestSecret | undefined | Promise<DigestSecret | undefined>;

export type DigestVerdict =
  | { ok: true; username: string }
  | {
      ok: false;
      reason: 'missing' | 'malformed' | 'unknown-user' | 'bad-response' | 'bad-nonce' | 'replay';
      stale: boolean;
    };

export type DigestAuthenticatorOptions = {
  realm: string;
  /** Key for the nonce MAC; random per process when omitted (nonces then die with the process). */
  secret?: string | Buffer;
  algorithm?: DigestAlgorithm;
  /** How long a nonce is accepted; older ones get a stale=true challenge (RFC 7616 §3.3). */
  nonceTtlMs?: number;
  clock?: Clock;
};

export type DigestAuthenticator = {
  /** WWW-Authenticate / Proxy-Authenticate value to send in a 401 / 407. */
  challenge(options?: { stale?: boolean }): string;
  /** Checks the request's Authorization (or Proxy-Authorization) against the secret lookup. */
  verify(
    request: SipRequest,
    lookup: SecretLookup,
    header?: 'Authorization' | 'Proxy-Authorization',
  ): Promise<DigestVerdict>;
};

/**
 * Server side of Digest (RFC 7616, RFC 3261 §22). Nonces are self-validating (timestamp + MAC), so
 * any node holding the secret can check them; the nonce count seen per nonce is remembered for the
 * nonce's lifetime to refuse replays.
 */
export function createDigestAuthenticator(options: DigestAuthenticatorOptions): DigestAuthenticator {
  const secret = options.secret ?? randomBytes(32);
  const algorithm = options.algorithm ?? 'MD5';
  const ttl = options.nonceTtlMs ?? 300_000;
  const clock = options.clock ?? systemClock;
  const counts = new Map<string, { nc: number; issued: number }>();

  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  const makeNonce = () => {
    const payload = `${clock.now().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${payload}.${mac(payload)}`;
  };
  /** undefined: forged or malformed; otherwise when it was issued. */
  const nonceIssued = (nonce: string): number | undefined => {
    const dot = nonce.lastIndexOf('.');
    const payload = nonce.slice(0, dot);
    const expected = Buffer.from(mac(payload));
    const given = Buffer.from(nonce.slice(dot + 1));
    if (dot < 0 || expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const issued = Number.parseInt(payload.split('.')[0] ?? '', 36);
    return Number.isFinite(issued) ? issued : undefined;
  };
  const forget = () => {
    for (const [nonce, entry] of counts) if (clock.now() - entry.issued > ttl) counts.delete(nonce);
  };

  return {
    challenge: ({ stale = false } = {}) => {
      const params: Record<string, string> = {
        realm: options.realm,
        nonce: makeNonce(),
        algorithm,
        qop: 'auth',
      };
      if (stale) params.stale = 'true';
      return serializeAuthHeader({ scheme: 'Digest', params }, true);
    },
    async verify(request, lookup, header = 'Authorization') {
      forget();
      const value = getHeaders(request, header)
        .map(parseAuthHeader)
        .find((h) => h.scheme.toLowerCase() === 'digest' && h.params.realm === options.realm);
      if (!value) return { ok: false, reason: 'missing', stale: false };
      const p = value.params;
      const alg = parseAlgorithm(p.algorithm);
      if (!p.username || !p.nonce || !p.uri || !p.response || !alg || (p.qop && (!p.nc || !p.cnonce))) {
        return { ok: false, reason: 'malformed', stale: false };
      }
      const issued = nonceIssued(p.nonce);
      if (issued === undefined) return { ok: false, reason: 'bad-nonce', stale: false };
      const secretOf = await lookup(p.username, options.realm);
      if (!secretOf) return { ok: false, reason: 'unknown-user', stale: false };
      const expected = computeDigestResponse({
        algorithm: alg,
        username: p.username,
        realm: options.realm,
        ...secretOf,
        method: request.method,
        uri: p.uri,
        nonce: p.nonce,
        ...(p.qop ? { qop: p.qop === 'auth-int' ? 'auth-int' : 'auth', nc: p.nc, cnonce: p.cnonce } : {}),
        body: request.body,
      });
      if (expected !== p.response.toLowerCase()) return { ok: false, reason: 'bad-response', stale: false };
      // Only a correct answer to an expired nonce is "stale": the client knows the password.
      if (clock.now() - issued > ttl) return { ok: false, reason: 'bad-nonce', stale: true };
      if (p.qop) {
        const nc = Number.parseInt(p.nc ?? '', 16);
        const seen = counts.get(p.nonce);
        if (!Number.isFinite(nc) || (seen && nc <= seen.nc))
          return { ok: false, reason: 'replay', stale: false };
        counts.set(p.nonce, { nc, issued });
      }
      return { ok: true, username: p.username };
    },
  };
}
