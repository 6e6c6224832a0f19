import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/** A recipient who texted STOP: for one sender, or for every sender of the tenant (`sender` = '*'). */
export const optOuts = pgTable(
  'opt_outs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    sender: text('sender').notNull(),
    recipient: text('recipient').notNull(),
    keyword: text('keyword').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('opt_outs_tenant_sender_recipient_key').on(t.tenantId, t.sender, t.recipient)],
);

export const optOutSettings = pgTable('opt_out_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** `sender`: STOP opts out of the number texted; `tenant`: of every sender of the tenant. */
  scope: text('scope').$type<'sender' | 'tenant'>().notNull().default('sender'),
  helpReply: text('help_reply'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
