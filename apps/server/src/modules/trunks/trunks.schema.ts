import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * A tenant's SIP trunk to a carrier. Calls to a destination go to the trunks whose prefixes match it,
 * cheapest first (voice least-cost routing); the password is encrypted at rest (DESIGN §3).
 */
export const voiceTrunks = pgTable(
  'voice_trunks',
  {
    id: text('id').primaryKey(),
    /** Null: a platform trunk (platform admins manage it; every tenant's calls may use it). */
    tenantId: text('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** `twilio`, `telnyx` or `generic`: presets fill host, transport and codecs. */
    preset: text('preset').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    transport: text('transport').notNull(),
    /** `ip`: the carrier trusts our address; `digest`: answer its challenges with username/password. */
    auth: text('auth').notNull(),
    username: text('username'),
    passwordEncrypted: text('password_encrypted'),
    codecs: text('codecs').array().notNull(),
    /** Calls per second this trunk accepts; excess calls wait, they are never dropped. */
    cpsLimit: integer('cps_limit').notNull(),
    /** E.164 prefixes this trunk serves (`+` alone: everything). */
    prefixes: text('prefixes').array().notNull(),
    costPerMinuteMicros: integer('cost_per_minute_micros').notNull(),
    /**
     * Digest registration to the carrier (voice/trunks-registration): a voice node REGISTERs this
     * trunk and keeps it fresh. Username defaults to the trunk's, registrar to its host:port.
     */
    registration: jsonb('registration').$type<TrunkRegistrationSettings>(),
    registrationPasswordEncrypted: text('registration_password_encrypted'),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('voice_trunks_tenant_idx').on(t.tenantId, t.id)],
);

export type TrunkRegistrationSettings = {
  enabled: boolean;
  username: string | null;
  /** host or host:port; null: the trunk's host and port. */
  registrar: string | null;
  /** Seconds asked for in Expires; the registrar's answer decides. */
  expires: number;
};
