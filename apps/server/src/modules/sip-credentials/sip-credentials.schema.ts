import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * An agent's SIP account (an extension): what a softphone registers with. Only the digest HA1,
 * MD5(authUsername:realm:password), is kept — the password is shown once at creation and never
 * stored, so a leak of this table does not give the password (it still lets one answer challenges
 * of this realm: treat it as a secret). `identity` is the name `<Client>` dials.
 */
export const sipCredentials = pgTable(
  'sip_credentials',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The extension (the user part a phone registers as), unique in its tenant. */
    username: text('username').notNull(),
    /** Digest user name, unique platform-wide: `<username>@<tenantId>` (see sip-digest.ts). */
    authUsername: text('auth_username').notNull(),
    /** `<Client>` identity; several credentials may share one (every one of them rings). */
    identity: text('identity').notNull(),
    /** The agent (user) this extension belongs to, if any. */
    userId: text('user_id'),
    ha1: text('ha1').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sip_credentials_tenant_idx').on(t.tenantId, t.id),
    uniqueIndex('sip_credentials_tenant_username_idx').on(t.tenantId, t.username),
    uniqueIndex('sip_credentials_auth_username_idx').on(t.authUsername),
    index('sip_credentials_identity_idx').on(t.tenantId, t.identity),
  ],
);
export type SipCredentialRow = typeof sipCredentials.$inferSelect;
