import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { contacts } from '../contacts/contacts.schema';
import { tsvector } from '../contacts/tsvector';
import { messages } from '../messages/messages.schema';
import { teams } from '../teams/teams.schema';
import { tenants } from '../tenants/tenants.schema';
import { users } from '../users/users.schema';

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const CONVERSATION_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type ConversationPriority = (typeof CONVERSATION_PRIORITIES)[number];

/** One customer thread: every message of it, whatever the channel, plus notes and activity. */
export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id),
    /** The message channel it started on (sms, email, whatsapp, slack…). */
    channel: text('channel').notNull(),
    status: text('status').$type<ConversationStatus>().notNull().default('open'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    priority: text('priority').$type<ConversationPriority>().notNull().default('normal'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    assigneeUserId: text('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The team (inbox) it is routed to: modules/teams. */
    teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
    subject: text('subject'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    lastOutboundAt: timestamp('last_outbound_at', { withTimezone: true }),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    slaPolicyId: text('sla_policy_id'),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
    nextResponseDueAt: timestamp('next_response_due_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    slaBreachedAt: timestamp('sla_breached_at', { withTimezone: true }),
    slaBreaches: text('sla_breaches').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('conversations_tenant_idx').on(t.tenantId, t.id),
    index('conversations_tenant_status_idx').on(t.tenantId, t.status, t.id),
    index('conversations_tenant_assignee_idx').on(t.tenantId, t.assigneeUserId, t.id),
    index('conversations_tenant_team_idx').on(t.tenantId, t.teamId, t.id),
    index('conversations_tenant_channel_idx').on(t.tenantId, t.channel, t.id),
    index('conversations_tenant_priority_idx').on(t.tenantId, t.priority, t.id),
    index('conversations_contact_idx').on(t.tenantId, t.contactId, t.status),
    index('conversations_tags_idx').using('gin', t.tags),
  ],
);

/**
 * A conversation's timeline: its messages (linked; the message row stays the messages module's),
 * internal notes (rows of their own, never sent) and activity (assignment, status changes).
 * `search` holds the text of the message or note, so full-text search needs no join on messages.
 */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    /** The message id for linked messages, `note_…` for notes, `act_…` for activity. */
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'message' | 'note' | 'activity'>().notNull(),
    messageId: text('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Notes' text (messages keep theirs on the message row). */
    body: text('body'),
    attachments: jsonb('attachments').$type<string[]>().notNull().default([]),
    /** Activity details (e.g. `{ type: 'assigned', assigneeUserId }`). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** An email's Message-ID header (inbound or ours), so replies that cite it thread back here. */
    emailMessageId: text('email_message_id'),
    search: tsvector('search'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversation_messages_conversation_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('conversation_messages_message_key').on(t.messageId),
    index('conversation_messages_email_idx')
      .on(t.tenantId, t.emailMessageId)
      .where(sql`email_message_id is not null`),
    index('conversation_messages_search_idx').using('gin', t.search),
  ],
);

/** Up to when each agent has read a conversation: unread = a newer inbound message. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);

/** Saved replies agents insert by shortcode; `{{contact.name}}`-style variables are filled at use. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    shortcode: text('shortcode').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('canned_responses_tenant_shortcode_key').on(t.tenantId, t.shortcode)],
);

/** How inbound messages group into conversations, per tenant. */
export const inboxSettings = pgTable('inbox_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** `channel`: one open conversation per contact and channel; `contact`: one per contact across channels. */
  grouping: text('grouping').$type<'channel' | 'contact'>().notNull().default('channel'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
