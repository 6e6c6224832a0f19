import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { contactIdentities, contacts } from './contacts.schema';
import type { Identity } from './identity';

export type ContactRow = typeof contacts.$inferSelect;

/** The live contact an identity belongs to in this tenant, if any. */
export async function findContactByIdentity(tx: Tx, tenantId: string, identity: Identity) {
  const [row] = await tx
    .select({ contact: contacts })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(
      and(
        eq(contactIdentities.tenantId, tenantId),
        eq(contactIdentities.channelKind, identity.kind),
        eq(contactIdentities.value, identity.value),
        sql`${contacts.deletedAt} is null`,
      ),
    );
  return row?.contact;
}

/**
 * The contact behind an inbound sender, created on first contact. A WhatsApp id is a phone number,
 * so a WhatsApp sender whose number is already a contact's phone (or the reverse) is that contact:
 * the identity is added to it. Concurrent first messages from one new sender race on the identity's
 * unique key; the loser reads the winner's contact.
 */
export async function resolveInboundContact(
  tx: Tx,
  tenantId: string,
  identity: Identity,
  profile: { name?: string | null } = {},
): Promise<ContactRow> {
  const known = await findContactByIdentity(tx, tenantId, identity);
  if (known) return known;

  const twin =
    identity.kind === 'whatsapp' || identity.kind === 'phone'
      ? await findContactByIdentity(tx, tenantId, {
          kind: identity.kind === 'phone' ? 'whatsapp' : 'phone',
          value: identity.value,
        })
      : undefined;
  const tenant = createTenantScope(tx, tenantId);
  let contact = twin;
  if (!contact) {
    const isPhone = identity.kind === 'phone' || identity.kind === 'whatsapp';
    [contact] = await tenant.insert(contacts, {
      id: newId('ct'),
      name: profile.name ?? null,
      email: identity.kind === 'email' ? identity.value : null,
      phone: isPhone ? identity.value : null,
    });
  }
  const [added] = await tx
    .insert(contactIdentities)
    .values({
      id: newId('cti'),
      tenantId,
      contactId: contact!.id,
      channelKind: identity.kind,
      value: identity.value,
    })
    .onConflictDoNothing()
    .returning();
  if (added) return contact!;
  // Another transaction created this identity first: use its contact (ours, if new, is dropped).
  const winner = await findContactByIdentity(tx, tenantId, identity);
  if (winner) {
    if (!twin) await tenant.delete(contacts, eq(contacts.id, contact!.id));
    return winner;
  }
  // The identity still names a deleted contact: it is this sender's now.
  await tenant.update(
    contactIdentities,
    { contactId: contact!.id },
    and(eq(contactIdentities.channelKind, identity.kind), eq(contactIdentities.value, identity.value))!,
  );
  return contact!;
}
