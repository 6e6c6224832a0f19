import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { ConversationHook } from '../conversations/conversation-hooks';
import { assignConversation, type ConversationDeps } from '../conversations/conversation-service';
import { type AssignmentReason, conversationAssignments } from './assignment.schema';

/** The reason of the assignment in progress on a transaction, for the history hook to record. */
const reasons = new WeakMap<Tx, AssignmentReason>();

/** Assigns through the conversations service (timeline, event, hooks), recording why. */
export async function assignWithReason(
  deps: ConversationDeps,
  tx: Tx,
  input: {
    tenantId: string;
    conversationId: string;
    assigneeUserId: string | null;
    teamId?: string | null;
    reason: AssignmentReason;
  },
) {
  reasons.set(tx, input.reason);
  try {
    return await assignConversation(deps, tx, {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      assigneeUserId: input.assigneeUserId,
      teamId: input.teamId,
      actor: { type: 'system', id: null },
    });
  } finally {
    reasons.delete(tx);
  }
}

/**
 * The `onAssigned` hook: one history row per change, automatic or not (manual changes come from
 * the conversations API and carry no reason, so they are `manual`). Returns the reason recorded.
 */
export function recordAssignmentHistory(
  onManual: (tx: Tx, tenantId: string) => Promise<void>,
): ConversationHook {
  return async (tx, { tenantId, conversation, actor }) => {
    const reason = reasons.get(tx) ?? 'manual';
    const [last] = await tx
      .select({ assigneeUserId: conversationAssignments.assigneeUserId })
      .from(conversationAssignments)
      .where(
        and(
          eq(conversationAssignments.tenantId, tenantId),
          eq(conversationAssignments.conversationId, conversation.id),
        ),
      )
      .orderBy(desc(conversationAssignments.id))
      .limit(1);
    await tx.insert(conversationAssignments).values({
      id: newId('asg'),
      tenantId,
      conversationId: conversation.id,
      teamId: conversation.teamId,
      assigneeUserId: conversation.assigneeUserId,
      previousAssigneeUserId: last?.assigneeUserId ?? null,
      reason,
      actorUserId: actor.type === 'user' ? actor.id : null,
    });
    // A person moved work around: capacity may have freed for the team's queue.
    if (reason === 'manual') await onManual(tx, tenantId);
  };
}
