import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { RoutingDecision } from '../../channels/router/message-router';
import { tenants } from '../tenants/tenants.schema';
import type { StatusChange } from './message-status';

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    direction: text('direction').$type<'outbound' | 'inbound'>().notNull(),
    status: text('status').notNull(),
    from: text('from'),
    to: text('to').notNull(),
    body: text('body'),
    subject: text('subject'),
    media: jsonb('media').$type<string[]>().notNull().default([]),
    template: jsonb('template').$type<Record<string, unknown>>(),
    /** Channel-specific content beyond body/media (email html, cc, headers; WhatsApp interactive; chat blocks), shaped by the channel's schema. */
    content: jsonb('content').$type<Record<string, unknown>>().notNull().default({}),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    encoding: text('encoding'),
    segments: integer('segments'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    priceMicros: bigint('price_micros', { mode: 'number' }),
    currency: text('currency'),
    statusCallback: text('status_callback'),
    sendAt: timestamp('send_at', { withTimezone: true }),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    /** Send attempts started (a worker may die mid-send; the next attempt reuses the idempotency key). */
    attempts: integer('attempts').notNull().default(0),
    history: jsonb('history').$type<StatusChange[]>().notNull().default([]),
    routing: jsonb('routing').$type<RoutingDecision[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('messages_tenant_idx').on(t.tenantId, t.id),
    index('messages_tenant_status_idx').on(t.tenantId, t.status, t.id),
    uniqueIndex('messages_provider_message_key')
      .on(t.provider, t.direction, t.providerMessageId)
      .where(sql`provider_message_id is not null`),
  ],
);

/**
 * Provider status updates, stored as received (deduped by event key) and applied in order. A receipt
 * for a provider message id no message carries yet (it beat the send's response) waits here, unapplied,
 * until the send result is stored.
 */
export const statusReceipts = pgTable(
  'status_receipts',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    eventKey: text('event_key').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    messageId: text('message_id'),
  },
  (t) => [
    uniqueIndex('status_receipts_event_key').on(t.eventKey),
    index('status_receipts_provider_message_idx').on(t.provider, t.providerMessageId),
  ],
);

/** Messages, segments and cost per tenant per UTC day, channel and direction. */
export const dailyUsage = pgTable(
  'daily_usage',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    direction: text('direction').notNull(),
    currency: text('currency').notNull(),
    messages: integer('messages').notNull().default(0),
    segments: integer('segments').notNull().default(0),
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.channel, t.direction, t.currency] })],
);
