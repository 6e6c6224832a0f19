import { z } from '@hono/zod-openapi';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { contactIdentities, IDENTITY_KINDS } from './contacts.schema';
import type { ContactRow } from './resolve-contact';

export const IdentitySchema = z
  .object({
    id: z.string(),
    kind: z.enum(IDENTITY_KINDS),
    value: z.string().openapi({ description: 'E.164 phone, lower-cased email, or the platform’s user id' }),
    createdAt: z.string(),
  })
  .openapi('ContactIdentity');

export const ContactSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    identities: z.array(IdentitySchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

type IdentityRow = typeof contactIdentities.$inferSelect;

export const identityView = (row: IdentityRow) => ({
  id: row.id,
  kind: row.channelKind,
  value: row.value,
  createdAt: row.createdAt.toISOString(),
});

export function contactResource(row: ContactRow, identities: IdentityRow[]) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    attributes: row.attributes,
    tags: row.tags,
    identities: identities.filter((i) => i.contactId === row.id).map(identityView),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The contacts as resources, their identities fetched in one query. */
export async function contactResources(db: Db | Tx, rows: ContactRow[]) {
  if (rows.length === 0) return [];
  const identities = await db
    .select()
    .from(contactIdentities)
    .where(
      rows.length === 1
        ? eq(contactIdentities.contactId, rows[0]!.id)
        : inArray(
            contactIdentities.contactId,
            rows.map((row) => row.id),
          ),
    )
    .orderBy(
      asc(contactIdentities.createdAt),
      asc(contactIdentities.channelKind),
      asc(contactIdentities.value),
    );
  return rows.map((row) => contactResource(row, identities));
}
