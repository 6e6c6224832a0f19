import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors/app-error';
import {
  addIdentities,
  type ContactInput,
  createContact,
  identitiesOf,
  mergeAttributes,
  unionTags,
} from './contact-service';
import { contactIdentities, contacts, IDENTITY_KINDS, type IdentityKind } from './contacts.schema';

const KNOWN = new Set(['name', 'first_name', 'last_name', 'email', 'phone', 'tags', ...IDENTITY_KINDS]);

/** Header names as written in spreadsheets (`First Name`, `E-mail`) become snake_case keys. */
export const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/^e-mail$/, 'email')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** One CSV row as a contact: known columns map to fields and identities, the rest to attributes. */
export function rowToContact(headers: string[], fields: string[]): ContactInput {
  const cell = (key: string) => {
    const index = headers.indexOf(key);
    const value = index >= 0 ? fields[index]?.trim() : undefined;
    return value === '' ? undefined : value;
  };
  const attributes: Record<string, unknown> = {};
  headers.forEach((key, index) => {
    const value = fields[index]?.trim();
    if (key && !KNOWN.has(key) && value) attributes[key] = value;
  });
  const name =
    cell('name') ?? ([cell('first_name'), cell('last_name')].filter(Boolean).join(' ') || undefined);
  const identities = (['whatsapp', 'slack', 'discord', 'telegram', 'teams'] as IdentityKind[]).flatMap(
    (kind) => {
      const value = cell(kind);
      return value ? [{ kind, value }] : [];
    },
  );
  return {
    name,
    email: cell('email'),
    phone: cell('phone'),
    tags: (cell('tags') ?? '')
      .split(/[;|]/)
      .map((tag) => tag.trim())
      .filter(Boolean),
    attributes,
    identities,
  };
}

/**
 * Imports one row: a contact that already has one of the row's identities is updated (name, tags
 * joined, attributes merged, new identities added); otherwise one is created. A row whose identities
 * belong to two different contacts is refused — that is a merge for a person to decide.
 */
export async function importRow(
  tx: Tx,
  tenantId: string,
  input: ContactInput,
): Promise<'created' | 'updated'> {
  const identities = identitiesOf(input);
  if (identities.length === 0 && !input.name)
    throw new AppError('validation_failed', 'the row has no name, email, phone or other identity');
  const owners =
    identities.length === 0
      ? []
      : await tx
          .selectDistinct({ contactId: contactIdentities.contactId })
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
  if (owners.length > 1)
    throw new AppError(
      'conflict',
      `its identities belong to different contacts (${owners.map((o) => o.contactId).join(', ')}): merge them first`,
    );
  if (owners.length === 0) {
    await createContact(tx, tenantId, input);
    return 'created';
  }
  const [existing] = await tx
    .select()
    .from(contacts)
    .where(and(inArray(contacts.id, [owners[0]!.contactId]), isNull(contacts.deletedAt)))
    .for('update');
  if (!existing) throw new AppError('conflict', 'its identity belongs to a deleted contact');
  await tx
    .update(contacts)
    .set({
      name: input.name ?? existing.name,
      email: existing.email ?? identities.find((i) => i.kind === 'email')?.value ?? null,
      phone: existing.phone ?? identities.find((i) => i.kind === 'phone')?.value ?? null,
      attributes: mergeAttributes(existing.attributes, input.attributes ?? {}),
      tags: unionTags(existing.tags, input.tags ?? []),
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, existing.id));
  await addIdentities(tx, tenantId, existing.id, identities);
  return 'updated';
}
