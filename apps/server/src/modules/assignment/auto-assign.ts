import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { backlogOf } from '../conversations/assignment-queries';
import type { ConversationRow } from '../conversations/conversation-hooks';
import type { ConversationDeps } from '../conversations/conversation-service';
import type { PresenceStore } from '../presence/presence-store';
import { teams } from '../teams/teams.schema';
import { assignWithReason } from './assign-with-reason';
import { lockAssignments, membersOf, pickAgent, type TeamRow } from './pick-agent';

export type AssignmentDeps = ConversationDeps & { presence: PresenceStore };

/** The team a new conversation lands in: the first that lists its channel, else the default team. */
export async function routeTeam(tx: Tx, tenantId: string, channel: string) {
  const candidates = await tx.select().from(teams).where(eq(teams.tenantId, tenantId)).orderBy(asc(teams.id));
  return candidates.find((t) => t.channels.includes(channel)) ?? candidates.find((t) => t.isDefault);
}

async function teamOf(tx: Tx, tenantId: string, teamId: string) {
  const [team] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.tenantId, tenantId), eq(teams.id, teamId)));
  return team;
}

async function availableMembers(deps: AssignmentDeps, tx: Tx, team: TeamRow, now?: number) {
  const members = await membersOf(tx, team.tenantId, team.id);
  return deps.presence.available(
    team.tenantId,
    members.map((m) => m.userId),
    now,
  );
}

/**
 * On creation: puts the conversation in its team (routing by channel) and, in an automatic team,
 * hands it to an available member with capacity; with none, it waits in the team's backlog.
 */
export async function assignNewConversation(deps: AssignmentDeps, tx: Tx, conversation: ConversationRow) {
  const { tenantId } = conversation;
  const routed = conversation.teamId
    ? await teamOf(tx, tenantId, conversation.teamId)
    : await routeTeam(tx, tenantId, conversation.channel);
  if (!routed || conversation.assigneeUserId) return;
  if (routed.assignmentMode !== 'manual') {
    await lockAssignments(tx, tenantId);
    // Re-read after the lock: the round-robin pointer another transaction just moved.
    const team = (await teamOf(tx, tenantId, routed.id))!;
    const available = await availableMembers(deps, tx, team);
    const userId = await pickAgent(tx, { tenantId, team, channel: conversation.channel, available });
    if (userId) {
      await assignWithReason(deps, tx, {
        tenantId,
        conversationId: conversation.id,
        assigneeUserId: userId,
        teamId: team.id,
        reason: team.assignmentMode,
      });
      return;
    }
  }
  if (conversation.teamId !== routed.id)
    await assignWithReason(deps, tx, {
      tenantId,
      conversationId: conversation.id,
      assigneeUserId: null,
      teamId: routed.id,
      reason: 'routed',
    });
}

/**
 * Hands the tenant's waiting conversations (oldest first) to available members with free
 * capacity, team by team; returns how many it assigned. Idempotent: run it whenever capacity may
 * have freed (a conversation closed, an agent came back, a member was added).
 */
export async function drainBacklog(
  deps: AssignmentDeps,
  tx: Tx,
  tenantId: string,
  options: { now?: number; limit?: number } = {},
) {
  await lockAssignments(tx, tenantId);
  const automatic = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.tenantId, tenantId), ne(teams.assignmentMode, 'manual')))
    .orderBy(asc(teams.id));
  let assigned = 0;
  for (const team of automatic) {
    const waiting = await backlogOf(tx, tenantId, team.id, options.limit ?? 200);
    if (waiting.length === 0) continue;
    const available = await availableMembers(deps, tx, team, options.now);
    if (available.length === 0) continue;
    for (const conversation of waiting) {
      const userId = await pickAgent(tx, { tenantId, team, channel: conversation.channel, available });
      if (!userId) continue; // full for this channel; another channel's conversation may still fit
      await assignWithReason(deps, tx, {
        tenantId,
        conversationId: conversation.id,
        assigneeUserId: userId,
        reason: 'backlog',
      });
      assigned++;
    }
  }
  return assigned;
}
