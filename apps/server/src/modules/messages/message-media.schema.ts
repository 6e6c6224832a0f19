import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import { messages } from './messages.schema';

/**
 * Our copies of an inbound message's media (MMS pictures, WhatsApp documents…): one row per item of
 * the message's original media list, by position. `stored` items live in the object store under
 * `storageKey`; `refused` ones (too large, a type we don't keep, gone at the provider) say why.
 */
export const messageMedia = pgTable(
  'message_media',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The provider's URL we fetched it from (with the provider's credentials). */
    sourceUrl: text('source_url').notNull(),
    status: text('status').$type<'stored' | 'refused'>().notNull(),
    storageKey: text('storage_key'),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('message_media_message_position_key').on(t.messageId, t.position),
    index('message_media_tenant_idx').on(t.tenantId, t.id),
  ],
);
