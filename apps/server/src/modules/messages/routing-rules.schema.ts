import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/** A tenant's own routing rules: they win over the platform's (MESSAGING_ROUTES) for its messages. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    channel: text('channel'),
    prefixes: text('prefixes').array().notNull(),
    providers: text('providers').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('routing_rules_tenant_idx').on(t.tenantId, t.id)],
);
