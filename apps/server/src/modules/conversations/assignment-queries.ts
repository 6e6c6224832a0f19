import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { conversations } from './conversations.schema';

// Added by the assignment work (modules/assignment): the reads it needs of the conversations
// table (agents' load, a team's backlog, an agent's open conversations) live here.

/** Statuses that hold an agent's capacity. */
export const HOLDING = ['open', 'pending'] as const;
const live = sql`${conversations.deletedAt} is null`;

/** Per agent, how many open/pending conversations of `channel` they hold. */
export async function loadOf(tx: Db | Tx, tenantId: string, userIds: string[], channel: string) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await tx
    .select({ userId: conversations.assigneeUserId, held: count() })
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        inArray(conversations.assigneeUserId, userIds),
        eq(conversations.channel, channel),
        inArray(conversations.status, [...HOLDING]),
        live,
      ),
    )
    .groupBy(conversations.assigneeUserId);
  return new Map(rows.map((row) => [row.userId!, Number(row.held)]));
}

/** A team's unassigned open/pending conversations, oldest first. */
export function backlogOf(tx: Db | Tx, tenantId: string, teamId: string, limit: number) {
  return tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        eq(conversations.teamId, teamId),
        isNull(conversations.assigneeUserId),
        inArray(conversations.status, [...HOLDING]),
        live,
      ),
    )
    .orderBy(asc(conversations.createdAt), asc(conversations.id))
    .limit(limit);
}

/** An agent's open/pending conversations in these teams. */
export function heldBy(tx: Db | Tx, tenantId: string, userId: string, teamIds: string[]) {
  if (teamIds.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        eq(conversations.assigneeUserId, userId),
        inArray(conversations.teamId, teamIds),
        inArray(conversations.status, [...HOLDING]),
        live,
      ),
    );
}

/** Tenants with unassigned open/pending conversations in a team (what the periodic drain visits). */
export async function tenantsWithBacklog(tx: Db | Tx) {
  const rows = await tx
    .selectDistinct({ tenantId: conversations.tenantId })
    .from(conversations)
    .where(
      and(
        isNull(conversations.assigneeUserId),
        sql`${conversations.teamId} is not null`,
        inArray(conversations.status, [...HOLDING]),
        live,
      ),
    );
  return rows.map((row) => row.tenantId);
}

/** Agents (per tenant) who hold open/pending conversations in a team: who the offline check visits. */
export async function holdersInTeams(tx: Db | Tx) {
  return tx
    .selectDistinct({ tenantId: conversations.tenantId, userId: conversations.assigneeUserId })
    .from(conversations)
    .where(
      and(
        sql`${conversations.assigneeUserId} is not null`,
        sql`${conversations.teamId} is not null`,
        inArray(conversations.status, [...HOLDING]),
        live,
      ),
    );
}
