import { randomInt } from 'node:crypto';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { numbers } from './numbers.schema';

/** NANP area codes for sandbox numbers: real codes with the 555 exchange, never routed by any carrier. */
const AREA_CODES = ['201', '212', '305', '312', '415', '503', '617', '702', '808', '917'];
export const SANDBOX_EMAIL_DOMAIN = 'sandbox.iris.test';
export const SANDBOX_PHONE_CAPABILITIES = ['sms', 'mms', 'whatsapp', 'voice'];

/**
 * Gives a new tenant its sandbox phone number (SMS, MMS, WhatsApp, voice) and sandbox email address,
 * on the signup transaction. Both must be unique across tenants (inbound finds its tenant by them):
 * a random pick that collides is simply drawn again.
 */
export async function provisionSandboxSenders(tx: Db | Tx, tenantId: string) {
  const phone = await insertUnique(tx, tenantId, 'phone_number', SANDBOX_PHONE_CAPABILITIES, () => {
    const area = AREA_CODES[randomInt(AREA_CODES.length)];
    return `+1${area}555${String(randomInt(10_000)).padStart(4, '0')}`;
  });
  const email = await insertUnique(tx, tenantId, 'email_address', ['email'], () => {
    const local = `inbox-${randomInt(36 ** 8)
      .toString(36)
      .padStart(8, '0')}`;
    return `${local}@${SANDBOX_EMAIL_DOMAIN}`;
  });
  return { phone, email };
}

async function insertUnique(
  tx: Db | Tx,
  tenantId: string,
  kind: 'phone_number' | 'email_address',
  capabilities: string[],
  draw: () => string,
) {
  for (let attempt = 0; attempt < 20; attempt++) {
    // ON CONFLICT DO NOTHING: a collision must not abort the signup transaction.
    const [row] = await tx
      .insert(numbers)
      .values({
        id: newId('num'),
        tenantId,
        kind,
        address: draw(),
        capabilities,
        provider: 'sandbox',
        sandbox: true,
        label: kind === 'phone_number' ? 'Sandbox number' : 'Sandbox email address',
      })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
  }
  throw new Error(`could not draw a free sandbox ${kind}`);
}
