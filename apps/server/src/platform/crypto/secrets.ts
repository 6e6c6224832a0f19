import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The master key: from IRIS_SECRET_KEY, or generated once into the data folder (embedded default). */
export function loadMasterKey(options: { secretKey?: string; dataDir: string }): Buffer {
  if (options.secretKey)
    return Buffer.from(
      options.secretKey,
      options.secretKey.includes('-') || options.secretKey.includes('_') ? 'base64url' : 'base64',
    );
  const path = join(options.dataDir, 'secret.key');
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
}

/** One independent key per purpose, so a key used to sign tokens never also encrypts data. */
export function deriveKey(master: Buffer, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', master, Buffer.alloc(0), `iris:${purpose}`, 32));
}

/** A random URL-safe secret (tokens, API keys): 32 bytes unless asked otherwise. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** High-entropy secrets need no slow hash: SHA-256 suffices and keeps per-request checks fast. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
