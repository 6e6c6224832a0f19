import { randomBytes } from 'node:crypto';
import { computeDigestResponse, parseAlgorithm, parseAuthHeader, serializeAuthHeader } from './digest';

export type Credentials = { username: string; password: string };

export type AnswerOptions = Credentials & {
  method: string;
  uri: string;
  body?: Buffer;
  /** Nonce count for this nonce (1 for the first use). */
  nc?: number;
  cnonce?: string;
};

/**
 * Answers a WWW-Authenticate / Proxy-Authenticate Digest challenge (RFC 7616 §3.4, RFC 3261
 * §22.4): picks qop=auth when offered (auth-int otherwise), and returns the Authorization value.
 */
export function answerDigestChallenge(challenge: string, options: AnswerOptions): string {
  const { scheme, params } = parseAuthHeader(challenge);
  if (scheme.toLowerCase() !== 'digest') throw new Error(`unsupported auth scheme ${scheme}`);
  const algorithm = parseAlgorithm(params.algorithm);
  if (!algorithm) throw new Error(`unsupported digest algorithm ${params.algorithm}`);
  const realm = params.realm ?? '';
  const nonce = params.nonce ?? '';
  const offered = (params.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  const nc = (options.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = options.cnonce ?? randomBytes(12).toString('base64url');
  const response = computeDigestResponse({
    algorithm,
    username: options.username,
    password: options.password,
    realm,
    method: options.method,
    uri: options.uri,
    nonce,
    body: options.body,
    ...(qop ? { qop, nc, cnonce } : {}),
  });
  const out: Record<string, string> = {
    username: options.username,
    realm,
    nonce,
    uri: options.uri,
    response,
  };
  if (params.algorithm) out.algorithm = algorithm;
  if (params.opaque !== undefined) out.opaque = params.opaque;
  if (qop) Object.assign(out, { qop, nc, cnonce });
  return serializeAuthHeader({ scheme: 'Digest', params: out });
}
