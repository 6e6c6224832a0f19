import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import { users } from '../users/users.schema';
import { tsvector } from './tsvector';

export const IDENTITY_KINDS = [
  'phone',
  'email',
  'whatsapp',
  'slack',
  'discord',
  'telegram',
  'teams',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** A person the tenant talks to, across channels (their addresses are `contact_identities`). */
export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name'),
    /** Display values; the addresses that route are the identities. */
    email: text('email'),
    phone: text('phone'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** Set when this contact was merged into another: it stays for references, hidden from lists. */
    mergedIntoId: text('merged_into_id'),
    // Generated so every write path keeps it right; 'simple' (no stemming) suits names and addresses in any language.
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(email, '') || ' ' || coalesce(phone, '')), 'B')`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('contacts_tenant_idx').on(t.tenantId, t.id),
    index('contacts_tags_idx').using('gin', t.tags),
    index('contacts_search_idx').using('gin', t.search),
  ],
);

/** One address of a contact on one channel kind, normalized (E.164, lower-cased email, platform user id). */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channelKind: text('channel_kind').$type<IdentityKind>().notNull(),
    value: text('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contact_identities_tenant_kind_value_key').on(t.tenantId, t.channelKind, t.value),
    index('contact_identities_contact_idx').on(t.contactId),
  ],
);

export type ImportRowError = { row: number; message: string };

/** A CSV import: processed by a job, progress and per-row errors readable while it runs. */
export const contactImports = pgTable(
  'contact_imports',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    status: text('status').$type<'queued' | 'running' | 'completed' | 'failed'>().notNull(),
    csv: text('csv').notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('contact_imports_tenant_idx').on(t.tenantId, t.id)],
);
