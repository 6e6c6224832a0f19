import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { loadOf } from '../conversations/assignment-queries';
import { teamMembers, teams } from '../teams/teams.schema';

export type TeamRow = typeof teams.$inferSelect;
type MemberRow = typeof teamMembers.$inferSelect;

export const capacityOf = (member: MemberRow, channel: string) =>
  member.capacity[channel] ?? member.maxConversations;

/**
 * Serializes assignment decisions of one tenant until the transaction ends: counting agents' load
 * and handing out a conversation then cannot interleave with another transaction doing the same,
 * so a capacity is never exceeded however many inbound messages arrive at once. One lock per
 * tenant (not per team) because an agent's capacity spans the teams they belong to.
 */
export async function lockAssignments(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('iris.assignment'), hashtext(${tenantId}))`);
}

export async function membersOf(tx: Tx, tenantId: string, teamId: string) {
  return tx
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.teamId, teamId)))
    .orderBy(asc(teamMembers.userId));
}

/**
 * The member who gets the next conversation of `channel`, among those available and under their
 * capacity for it, or null. Round robin: the next member after the team's pointer (members in id
 * order); least busy: the one holding fewest conversations of the channel, ties in round-robin
 * order. Moves the pointer. Call with the tenant's assignment lock held.
 */
export async function pickAgent(
  tx: Tx,
  input: { tenantId: string; team: TeamRow; channel: string; available: string[] },
): Promise<string | null> {
  const { tenantId, team, channel } = input;
  const available = new Set(input.available);
  const members = (await membersOf(tx, tenantId, team.id)).filter((m) => available.has(m.userId));
  if (members.length === 0) return null;
  const load = await loadOf(
    tx,
    tenantId,
    members.map((m) => m.userId),
    channel,
  );
  const held = (m: MemberRow) => load.get(m.userId) ?? 0;
  const eligible = members.filter((m) => held(m) < capacityOf(m, channel));
  if (eligible.length === 0) return null;
  const pointer = team.lastAssignedUserId;
  const after = pointer === null ? 0 : eligible.findIndex((m) => m.userId > pointer);
  const start = after === -1 ? 0 : after;
  const order = [...eligible.slice(start), ...eligible.slice(0, start)];
  let chosen = order[0]!;
  if (team.assignmentMode === 'least_busy') for (const m of order) if (held(m) < held(chosen)) chosen = m;
  await tx
    .update(teams)
    .set({ lastAssignedUserId: chosen.userId })
    .where(and(eq(teams.tenantId, tenantId), eq(teams.id, team.id)));
  team.lastAssignedUserId = chosen.userId;
  return chosen.userId;
}
