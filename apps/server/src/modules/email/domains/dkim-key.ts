import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import type { Encryptor } from '../../../platform/crypto/encryption';
import type { Db, Tx } from '../../../platform/db/database';
import { emailDomains } from '../email.schema';

const generate = promisify(generateKeyPair);

/**
 * A fresh DKIM key for a domain: RSA 2048 (what every receiver verifies; Ed25519 DKIM is not yet
 * widely checked). The public half goes into the DNS record as base64 DER (SPKI).
 */
export async function generateDkimKey() {
  const { publicKey, privateKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKey: Buffer.from(publicKey).toString('base64'), privateKeyPem: privateKey as string };
}

/** A new selector per key, so a rotated key can be published beside the old one. */
export const newDkimSelector = (now = new Date()) =>
  `iris${now.toISOString().slice(0, 10).replaceAll('-', '')}`;

/**
 * The DKIM signing key of a tenant's verified domain, for adapters that sign themselves (SMTP):
 * `{ domainName, keySelector, privateKey }` as nodemailer takes it, or undefined.
 */
export async function findDkimKey(db: Db | Tx, encryptor: Encryptor, tenantId: string, domain: string) {
  const [row] = await db
    .select()
    .from(emailDomains)
    .where(
      and(
        eq(emailDomains.tenantId, tenantId),
        eq(emailDomains.domain, domain.toLowerCase()),
        eq(emailDomains.status, 'verified'),
      ),
    );
  if (!row) return undefined;
  return {
    domainName: row.domain,
    keySelector: row.dkimSelector,
    privateKey: encryptor.decrypt(row.dkimPrivateKey),
  };
}
