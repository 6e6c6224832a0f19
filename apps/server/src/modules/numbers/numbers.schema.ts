import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

export const SENDER_KINDS = [
  'phone_number',
  'alphanumeric_sender_id',
  'email_address',
  'email_domain',
  'channel_account',
] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

/** A tenant's senders: phone numbers, alphanumeric ids, email addresses/domains, chat accounts. */
export const numbers = pgTable(
  'numbers',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SenderKind>().notNull(),
    /** E.164 number, sender id, email address, domain, or the chat account's handle. */
    address: text('address').notNull(),
    /** Channels (and `voice`) this sender can carry. */
    capabilities: text('capabilities').array().notNull(),
    /** The provider instance behind it, per channel kind it serves (`sandbox` on the sandbox). */
    provider: text('provider').notNull(),
    sandbox: boolean('sandbox').notNull().default(false),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('numbers_tenant_kind_address_key').on(t.tenantId, t.kind, t.address),
    // Inbound traffic finds its tenant by the address it was sent to: one owner per number/address.
    uniqueIndex('numbers_routable_address_key')
      .on(t.address)
      .where(sql`kind in ('phone_number', 'email_address', 'channel_account')`),
    index('numbers_tenant_idx').on(t.tenantId, t.id),
  ],
);
