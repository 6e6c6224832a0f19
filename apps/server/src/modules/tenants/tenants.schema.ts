import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../users/users.schema';

export const tenantStatus = pgEnum('tenant_status', ['active', 'suspended']);
export const tenantRole = pgEnum('tenant_role', ['tenant_admin', 'supervisor', 'agent']);

export type TenantSettings = {
  /** Requests per minute by route class, overriding the platform defaults. */
  rateLimits?: Partial<Record<'read' | 'write' | 'send' | 'call_create', number>>;
  voice?: {
    /** Also sign verb fetches and status callbacks with `X-Twilio-Signature` (apps moved from Twilio check it). */
    twilioSignature?: boolean;
    /** Recordings older than this are deleted by the retention job; unset keeps them. */
    recordingRetentionDays?: number;
  };
};

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: tenantStatus('status').notNull().default('active'),
  settings: jsonb('settings').$type<TenantSettings>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: tenantRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('memberships_tenant_user_key').on(t.tenantId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
);
