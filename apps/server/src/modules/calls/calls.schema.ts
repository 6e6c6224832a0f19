import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * One call leg. A finished leg is its CDR: start, answer and end times, billable seconds, the trunk
 * that carried it, its cost and the hangup cause (SIP code and Q.850). Dialed legs point to their
 * parent leg.
 */
export const calls = pgTable(
  'calls',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    parentCallId: text('parent_call_id'),
    /** `outbound-api`, `outbound-dial` or `inbound` (Twilio's names). */
    direction: text('direction').notNull(),
    status: text('status').notNull(),
    from: text('from').notNull(),
    to: text('to').notNull(),
    /** Where verbs come from: a URL, or the inline document given at creation. */
    url: text('url'),
    method: text('method').notNull().default('POST'),
    verbs: jsonb('verbs').$type<unknown[]>(),
    statusCallback: text('status_callback'),
    /** Which of initiated / ringing / answered / completed go to statusCallback. */
    statusCallbackEvents: text('status_callback_events').array().notNull(),
    timeoutSeconds: integer('timeout_seconds').notNull(),
    record: text('record').notNull().default('false'),
    trunkId: text('trunk_id'),
    /** The voice node carrying the call (voice_nodes.id): the reaper ends calls of a lost node. */
    nodeId: text('node_id'),
    /** Trunks tried, in order, with their SIP answer (least-cost routing with failover). */
    attempts: jsonb('attempts')
      .$type<{ trunkId: string; sipCode: number | null; at: string }[]>()
      .notNull()
      .default([]),
    sipCallId: text('sip_call_id'),
    history: jsonb('history').$type<{ status: string; at: string; detail?: string }[]>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    billableSeconds: integer('billable_seconds'),
    costMicros: integer('cost_micros'),
    currency: text('currency'),
    hangupSipCode: integer('hangup_sip_code'),
    hangupQ850: integer('hangup_q850'),
    hangupBy: text('hangup_by'),
    errorCode: text('error_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('calls_tenant_idx').on(t.tenantId, t.id),
    // Usage rollups and time-filtered lists read one tenant's calls by creation time.
    index('calls_tenant_created_idx').on(t.tenantId, t.createdAt),
    index('calls_sip_call_id_idx').on(t.sipCallId),
    index('calls_node_idx').on(t.nodeId),
  ],
);
export type CallRow = typeof calls.$inferSelect;
