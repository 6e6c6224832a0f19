import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from '../tenants/tenants.schema';

/**
 * manual: a person chose; routed: the conversation entered a team's queue unassigned; round_robin /
 * least_busy: handed out on arrival; backlog: handed out when capacity freed; agent_offline: taken
 * back from an agent offline past the team's timeout.
 */
export const ASSIGNMENT_REASONS = [
  'manual',
  'routed',
  'round_robin',
  'least_busy',
  'backlog',
  'agent_offline',
] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/** Every change of a conversation's assignee or team, oldest first by id: the assignment history. */
export const conversationAssignments = pgTable(
  'conversation_assignments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').notNull(),
    teamId: text('team_id'),
    assigneeUserId: text('assignee_user_id'),
    previousAssigneeUserId: text('previous_assignee_user_id'),
    reason: text('reason').$type<AssignmentReason>().notNull(),
    /** Who did it (manual changes); null for automatic ones. */
    actorUserId: text('actor_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversation_assignments_conversation_idx').on(t.tenantId, t.conversationId, t.id)],
);
