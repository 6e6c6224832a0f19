import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import type { BusinessHours } from './business-hours';

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Targets in business minutes, counted in the policy's time zone and opening hours, holidays excluded. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Opening intervals per weekday; empty: the clock runs around the clock. */
    businessHours: jsonb('business_hours').$type<BusinessHours>().notNull().default([]),
    /** Local dates (YYYY-MM-DD) on which the clock stops. */
    holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
    firstResponseMinutes: integer('first_response_minutes'),
    nextResponseMinutes: integer('next_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Applies to conversations whose team names no policy. */
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sla_policies_tenant_idx').on(t.tenantId, t.id)],
);

/**
 * One clock of one conversation: started with a due time, then met (answered/closed in time),
 * breached (by the scan job) or cancelled. % met per agent and team is counted from these rows.
 */
export const slaTargets = pgTable(
  'sla_targets',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').notNull(),
    policyId: text('policy_id').notNull(),
    metric: text('metric').$type<SlaMetric>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Who held the conversation when the clock stopped (met or breached). */
    assigneeUserId: text('assignee_user_id'),
    teamId: text('team_id'),
    metAt: timestamp('met_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sla_targets_running_idx')
      .on(t.dueAt)
      .where(sql`met_at is null and breached_at is null and cancelled_at is null`),
    index('sla_targets_conversation_idx').on(t.tenantId, t.conversationId),
    index('sla_targets_tenant_due_idx').on(t.tenantId, t.dueAt),
  ],
);
