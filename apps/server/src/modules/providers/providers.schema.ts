import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * A provider account a tenant brought itself ("bring your own account"): one instance of a provider
 * module, used only for its owner's messages. Ids are `t_…`, never a platform instance's id.
 * Credentials are the provider's credentials JSON, encrypted at rest (AES-256-GCM, DESIGN §3).
 */
export const providerInstances = pgTable(
  'provider_instances',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    credentialsEncrypted: text('credentials_encrypted').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('provider_instances_tenant_idx').on(t.tenantId, t.id)],
);
export type ProviderInstanceRow = typeof providerInstances.$inferSelect;
