import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * Message templates of the WhatsApp Business Accounts behind a tenant's WhatsApp numbers, as last
 * synced (on demand, hourly, and on Meta's template status webhooks). Sends are validated against
 * these rows before they are accepted.
 */
export const whatsappTemplates = pgTable(
  'whatsapp_templates',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The provider instance (business account) it was synced from. */
    provider: text('provider').notNull(),
    /** Meta's template id. */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    language: text('language').notNull(),
    /** MARKETING, UTILITY or AUTHENTICATION. */
    category: text('category').notNull(),
    /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… (only APPROVED ones can be sent). */
    status: text('status').notNull(),
    /** `positional` ({{1}}) or `named` ({{first_name}}). */
    parameterFormat: text('parameter_format').notNull().default('positional'),
    components: jsonb('components').$type<Record<string, unknown>[]>().notNull().default([]),
    rejectedReason: text('rejected_reason'),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('whatsapp_templates_tenant_provider_name_language_key').on(
      t.tenantId,
      t.provider,
      t.name,
      t.language,
    ),
    index('whatsapp_templates_provider_external_idx').on(t.provider, t.externalId),
    index('whatsapp_templates_tenant_idx').on(t.tenantId, t.id),
  ],
);

/**
 * The 24-hour customer service window per (tenant, business number, contact): opened, or reset to a
 * full 24 hours, by each message from the contact. Free-form sends need it open.
 */
export const whatsappWindows = pgTable(
  'whatsapp_windows',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    businessNumber: text('business_number').notNull(),
    /** The contact's number, E.164 (their wa_id with a +). */
    contact: text('contact').notNull(),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('whatsapp_windows_tenant_number_contact_key').on(t.tenantId, t.businessNumber, t.contact),
    index('whatsapp_windows_tenant_idx').on(t.tenantId, t.id),
  ],
);

/** Media a tenant uploaded for outbound WhatsApp messages (kept in the object store, sent by id). */
export const whatsappMedia = pgTable(
  'whatsapp_media',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    /** image, video, audio, document or sticker: what it may be sent as. */
    kind: text('kind').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    filename: text('filename'),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('whatsapp_media_tenant_idx').on(t.tenantId, t.id)],
);

export const whatsappTables = { whatsappTemplates, whatsappWindows, whatsappMedia };
