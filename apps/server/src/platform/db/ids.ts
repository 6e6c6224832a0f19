import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * Public ids are prefixed and sortable (DESIGN §3): `msg_` + 10 chars of milliseconds + 16 random chars,
 * so ids created later sort after earlier ones and cursors can page by id.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let rest = '';
  for (const byte of random) rest += ALPHABET[byte % 32];
  return `${prefix}_${time}${rest}`;
}
