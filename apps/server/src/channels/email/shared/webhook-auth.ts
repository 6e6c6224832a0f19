import { createHash, timingSafeEqual } from 'node:crypto';
import { ProviderError } from '../../channel';

/** The one error a forged or unverifiable webhook raises (the hook route answers 401). */
export function invalidSignature(provider: string, why: string): ProviderError {
  return new ProviderError(`${provider}: ${why}`, { retryable: false, code: 'invalid_signature' });
}

/** Constant-time string comparison (hashing first, so different lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Checks `Authorization: Basic …` against the configured webhook credentials. */
export function hasBasicAuth(headers: Headers, username: string, password: string): boolean {
  const header = headers.get('authorization') ?? '';
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return safeEqual(header, expected);
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
