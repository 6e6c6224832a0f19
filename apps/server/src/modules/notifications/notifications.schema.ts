import { index, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

export const notificationStatus = pgEnum('notification_status', ['outboxed', 'sent', 'failed']);

/**
 * Emails the platform itself sends (invitations, password resets). Until the email channel exists
 * they stay here, `outboxed`, where the sandbox shows them; the email work sends them for real.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    status: notificationStatus('status').notNull().default('outboxed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_tenant_idx').on(t.tenantId, t.createdAt)],
);
