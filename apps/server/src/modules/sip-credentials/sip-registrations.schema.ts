import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import { sipCredentials } from './sip-credentials.schema';

/**
 * A registrar binding (RFC 3261 §10.3): where a registered phone can be reached until `expiresAt`.
 * In the database, not in a voice node's memory, so any voice node can find an agent's phone.
 */
export const sipRegistrations = pgTable(
  'sip_registrations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    credentialId: text('credential_id')
      .notNull()
      .references(() => sipCredentials.id, { onDelete: 'cascade' }),
    /** The Contact URI the phone registered. */
    contact: text('contact').notNull(),
    /** Where the REGISTER came from: requests to the phone go there (it may sit behind NAT). */
    sourceHost: text('source_host').notNull(),
    sourcePort: integer('source_port').notNull(),
    protocol: text('protocol').notNull(),
    /** The REGISTER's Call-ID and CSeq: an older or repeated REGISTER must not undo a newer one. */
    sipCallId: text('sip_call_id').notNull(),
    cseq: integer('cseq').notNull(),
    userAgent: text('user_agent'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sip_registrations_tenant_idx').on(t.tenantId, t.id),
    uniqueIndex('sip_registrations_binding_idx').on(t.credentialId, t.contact),
    index('sip_registrations_expires_idx').on(t.expiresAt),
  ],
);
export type SipRegistrationRow = typeof sipRegistrations.$inferSelect;
