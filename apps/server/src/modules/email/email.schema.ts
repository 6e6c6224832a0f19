import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

// One file for the email module's tables: drizzle-kit reads `modules/*/*.schema.ts`, one level deep.

export type DnsCheckStatus = 'valid' | 'warning' | 'invalid';
export type DnsCheck = {
  status: DnsCheckStatus;
  /** The record to publish: type, host name and value. */
  expected: { type: 'TXT' | 'MX'; host: string; value: string };
  found: string[];
  /** What to change when the check is not valid. */
  fix: string | null;
};
export type DomainChecks = { spf: DnsCheck; dkim: DnsCheck; dmarc: DnsCheck; mx: DnsCheck };

/** A tenant's sending (and optionally receiving) domain, with its DKIM key and last DNS check. */
export const emailDomains = pgTable(
  'email_domains',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    /** The `email_domain` sender (numbers table) this domain registered. */
    senderId: text('sender_id').notNull(),
    dkimSelector: text('dkim_selector').notNull(),
    /** PKCS#8 PEM, encrypted at rest. */
    dkimPrivateKey: text('dkim_private_key').notNull(),
    /** Base64 DER SubjectPublicKeyInfo: the `p=` of the DKIM record. */
    dkimPublicKey: text('dkim_public_key').notNull(),
    status: text('status').$type<'pending' | 'verified' | 'failed'>().notNull().default('pending'),
    /** Mail to any address at the domain is received (once verified); the MX must point at us. */
    inbound: boolean('inbound').notNull().default(false),
    checks: jsonb('checks').$type<DomainChecks>(),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_domains_tenant_domain_key').on(t.tenantId, t.domain),
    // Inbound mail finds its tenant by the domain: one receiving owner per verified domain.
    uniqueIndex('email_domains_inbound_key').on(t.domain).where(sql`inbound and status = 'verified'`),
    index('email_domains_tenant_idx').on(t.tenantId, t.id),
  ],
);

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'unsubscribe', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Addresses the tenant must not email: added by bounces, complaints, unsubscribes or by hand. */
export const emailSuppressions = pgTable(
  'email_suppressions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    address: text('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    detail: text('detail'),
    /** The message whose bounce, complaint or unsubscribe added it. */
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_suppressions_tenant_address_key').on(t.tenantId, t.address),
    index('email_suppressions_tenant_idx').on(t.tenantId, t.id),
  ],
);

export type TemplateVariable = { name: string; defaultValue?: string; required: boolean };

export const emailTemplates = pgTable(
  'email_templates',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category'),
    subject: text('subject').notNull(),
    html: text('html'),
    /** Plain text; when null it is derived from the rendered HTML. */
    text: text('text'),
    variables: jsonb('variables').$type<TemplateVariable[]>().notNull().default([]),
    /** Sample values for previews. */
    sampleData: jsonb('sample_data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_templates_tenant_name_key').on(t.tenantId, t.name),
    index('email_templates_tenant_idx').on(t.tenantId, t.id),
  ],
);

export const ENGAGEMENT_TYPES = [
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
  'deferred',
] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

/** What happened to a sent email after it left: from our tracking URLs or the provider's event webhook. */
export const emailEvents = pgTable(
  'email_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    type: text('type').$type<EngagementType>().notNull(),
    /** Dedupes redelivered provider webhooks; tracking hits get a fresh key each. */
    eventKey: text('event_key').notNull(),
    /** `tracking` for our pixel, links and unsubscribe page; otherwise the provider instance. */
    source: text('source').notNull(),
    recipient: text('recipient').notNull(),
    url: text('url'),
    bounceType: text('bounce_type').$type<'hard' | 'soft'>(),
    reason: text('reason'),
    userAgent: text('user_agent'),
    device: text('device'),
    client: text('client'),
    os: text('os'),
    ip: text('ip'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_events_event_key').on(t.eventKey),
    index('email_events_tenant_message_idx').on(t.tenantId, t.messageId, t.type),
    index('email_events_tenant_type_idx').on(t.tenantId, t.type, t.occurredAt),
  ],
);

export const emailTables = { emailDomains, emailSuppressions, emailTemplates, emailEvents };
