import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';
import { users } from '../users/users.schema';

export const ASSIGNMENT_MODES = ['manual', 'round_robin', 'least_busy'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/**
 * A team is also an inbox: new conversations on its channels land in it (or in the tenant's
 * default team), and its mode says whether they are handed to a member automatically.
 */
export const teams = pgTable(
  'teams',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    assignmentMode: text('assignment_mode').$type<AssignmentMode>().notNull().default('manual'),
    /** Conversation channels (sms, email, whatsapp…) this team receives. */
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    /** Receives conversations that no team claims by channel. At most one per tenant. */
    isDefault: boolean('is_default').notNull().default(false),
    slaPolicyId: text('sla_policy_id'),
    /** A member offline this long loses their open conversations back to the team (null: never). */
    reassignOfflineAfterSeconds: integer('reassign_offline_after_seconds'),
    /** Round robin: the member who got the last conversation (the pointer lives in the database, not in a process). */
    lastAssignedUserId: text('last_assigned_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('teams_tenant_idx').on(t.tenantId, t.id)],
);

/** Per channel, how many open conversations a member may hold at once. */
export type ChannelCapacity = Record<string, number>;

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The limit for channels not listed in `capacity`. */
    maxConversations: integer('max_conversations').notNull().default(10),
    capacity: jsonb('capacity').$type<ChannelCapacity>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_members_tenant_user_idx').on(t.tenantId, t.userId),
  ],
);
