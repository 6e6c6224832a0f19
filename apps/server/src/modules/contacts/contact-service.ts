import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import { contactIdentities, contacts, type IdentityKind } from './contacts.schema';
import { type Identity, normalizeIdentity } from './identity';

export type ContactInput = {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
  tags?: string[];
  identities?: { kind: IdentityKind; value: string }[];
};

const fieldError = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

/** Normalized identities of the input: those listed, plus the email and phone given as display values. */
export function identitiesOf(input: ContactInput): Identity[] {
  const wanted: { kind: IdentityKind; value: string; path: string }[] = (input.identities ?? []).map(
    (i, n) => ({
      ...i,
      path: `identities.${n}.value`,
    }),
  );
  if (input.email) wanted.push({ kind: 'email', value: input.email, path: 'email' });
  if (input.phone) wanted.push({ kind: 'phone', value: input.phone, path: 'phone' });
  const result = new Map<string, Identity>();
  for (const item of wanted) {
    const normalized = normalizeIdentity(item.kind, item.value);
    if (!normalized.ok) throw fieldError(item.path, normalized.message);
    result.set(`${item.kind}:${normalized.identity.value}`, normalized.identity);
  }
  return [...result.values()];
}

/** Fails with 409 when one of `identities` already belongs to another live contact of the tenant. */
export async function assertIdentitiesFree(
  tx: Tx,
  tenantId: string,
  identities: Identity[],
  exceptContactId?: string,
) {
  if (identities.length === 0) return;
  const taken = await tx
    .select({
      kind: contactIdentities.channelKind,
      value: contactIdentities.value,
      contactId: contactIdentities.contactId,
    })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.tenantId, tenantId),
        or(
          ...identities.map((i) =>
            and(eq(contactIdentities.channelKind, i.kind), eq(contactIdentities.value, i.value)),
          ),
        ),
      ),
    );
  const other = taken.find((row) => row.contactId !== exceptContactId);
  if (other)
    throw new AppError(
      'conflict',
      `${other.kind} ${other.value} belongs to contact ${other.contactId}: merge them instead`,
      {
        details: { contactId: other.contactId },
      },
    );
}

export async function addIdentities(tx: Tx, tenantId: string, contactId: string, identities: Identity[]) {
  if (identities.length === 0) return;
  await tx
    .insert(contactIdentities)
    .values(
      identities.map((i) => ({ id: newId('cti'), tenantId, contactId, channelKind: i.kind, value: i.value })),
    )
    .onConflictDoNothing();
}

/** A new contact with its identities (an identity another contact has is a 409: merge instead). */
export async function createContact(tx: Tx, tenantId: string, input: ContactInput) {
  const identities = identitiesOf(input);
  await assertIdentitiesFree(tx, tenantId, identities);
  const [row] = await createTenantScope(tx, tenantId).insert(contacts, {
    id: newId('ct'),
    name: input.name ?? null,
    email: identities.find((i) => i.kind === 'email')?.value ?? null,
    phone: identities.find((i) => i.kind === 'phone')?.value ?? null,
    attributes: input.attributes ?? {},
    tags: [...new Set(input.tags ?? [])],
  });
  await addIdentities(tx, tenantId, row!.id, identities);
  return row!;
}

/** A live (not deleted, not merged) contact of the tenant; 404 otherwise. */
export async function findLiveContact(db: Db | Tx, tenantId: string, contactId: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId), isNull(contacts.deletedAt)));
  if (!row) throw new AppError('not_found', 'No contact with this id');
  return row;
}

/** A live (not deleted, not merged) contact of the tenant, locked for the transaction; 404 otherwise. */
export async function lockContact(tx: Tx, tenantId: string, contactId: string, path = 'id') {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId), isNull(contacts.deletedAt)))
    .for('update');
  if (!row) throw new AppError('not_found', `${path}: no contact with this id`);
  return row;
}

/** Attributes merged key by key; a key set to null is removed. */
export function mergeAttributes(current: Record<string, unknown>, changes: Record<string, unknown>) {
  const result = { ...current };
  for (const [key, value] of Object.entries(changes))
    if (value === null) delete result[key];
    else result[key] = value;
  return result;
}

/** Soft-deletes contacts; their identities go, so the same address writing again is a new contact. */
export async function softDeleteContacts(
  tx: Tx,
  tenantId: string,
  contactIds: string[],
  mergedIntoId?: string,
) {
  const now = new Date();
  await tx
    .update(contacts)
    .set({ deletedAt: now, updatedAt: now, mergedIntoId: mergedIntoId ?? null })
    .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, contactIds)));
  if (!mergedIntoId)
    await tx
      .delete(contactIdentities)
      .where(and(eq(contactIdentities.tenantId, tenantId), inArray(contactIdentities.contactId, contactIds)));
}

/** Tags as a set, for the union of a merge or an import. */
export const unionTags = (a: string[], b: string[]) => [...new Set([...a, ...b])];
