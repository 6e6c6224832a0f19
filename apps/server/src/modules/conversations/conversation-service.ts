import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import type { JobQueue } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import type { EventData } from '../events/event-catalog';
import { teams } from '../teams/teams.schema';
import { memberships } from '../tenants/tenants.schema';
import { type Actor, type ConversationHooks, type ConversationRow, runHooks } from './conversation-hooks';
import { type ConversationStatus, conversationMessages, conversations } from './conversations.schema';

/** What the conversation service needs: the outbox (events) and the hooks other modules plugged in. */
export type ConversationDeps = { jobs: JobQueue; conversationHooks: ConversationHooks };

type Extra = Omit<EventData<'conversation.created'>, 'conversation'>;

/** The `conversation.*` event payload (ConversationEventDataSchema). */
export function conversationEventData(row: ConversationRow, extra: Extra = {}) {
  return {
    conversation: {
      id: row.id,
      contactId: row.contactId,
      channel: row.channel,
      status: row.status,
      priority: row.priority,
      assigneeId: row.assigneeUserId,
      teamId: row.teamId,
    },
    ...extra,
  };
}

/** Locks a live conversation of the tenant for the rest of the transaction, or 404s. */
export async function lockConversation(tx: Tx, tenantId: string, conversationId: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.tenantId, tenantId),
        eq(conversations.id, conversationId),
        sql`${conversations.deletedAt} is null`,
      ),
    )
    .for('update');
  if (!row) throw new AppError('not_found', 'No conversation with this id');
  return row;
}

/** An activity line on the timeline (assignment, status), so agents see who did what and when. */
export async function recordActivity(
  tx: Tx,
  row: ConversationRow,
  actor: Actor,
  data: Record<string, unknown>,
) {
  await tx.insert(conversationMessages).values({
    id: newId('act'),
    tenantId: row.tenantId,
    conversationId: row.id,
    kind: 'activity',
    authorUserId: actor.type === 'user' ? actor.id : null,
    data: { ...data, actor },
    // Millisecond times only: timeline cursors carry JavaScript dates.
    createdAt: new Date(),
  });
}

/**
 * Assigns a conversation to an agent (or unassigns it with null) and optionally a team: records the
 * change on the timeline, emits `conversation.assigned` and runs the `onAssigned` hooks. A call
 * that changes nothing does nothing. The assignee must be a member of the tenant.
 */
export async function assignConversation(
  ctx: ConversationDeps,
  tx: Tx,
  input: {
    tenantId: string;
    conversationId: string;
    assigneeUserId: string | null;
    /** Omitted: the team stays; null: no team. */
    teamId?: string | null;
    actor: Actor;
  },
) {
  const before = await lockConversation(tx, input.tenantId, input.conversationId);
  const teamId = input.teamId === undefined ? before.teamId : input.teamId;
  if (before.assigneeUserId === input.assigneeUserId && before.teamId === teamId) return before;
  if (input.assigneeUserId !== null) {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.assigneeUserId)));
    if (!member)
      throw new AppError('validation_failed', 'assigneeId: is not a member of this tenant', {
        details: { errors: [{ path: 'assigneeId', message: 'is not a member of this tenant' }] },
      });
  }
  if (teamId !== null && teamId !== before.teamId) {
    const [team] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.tenantId, input.tenantId), eq(teams.id, teamId)));
    if (!team)
      throw new AppError('validation_failed', 'teamId: no team with this id', {
        details: { errors: [{ path: 'teamId', message: 'no team with this id' }] },
      });
  }
  const [row] = await tx
    .update(conversations)
    .set({ assigneeUserId: input.assigneeUserId, teamId, updatedAt: new Date() })
    .where(eq(conversations.id, before.id))
    .returning();
  const previous = { assigneeId: before.assigneeUserId, teamId: before.teamId };
  await recordActivity(tx, row!, input.actor, {
    type: 'assigned',
    assigneeId: row!.assigneeUserId,
    teamId: row!.teamId,
    previous,
  });
  await emitEvent(ctx, tx, {
    tenantId: input.tenantId,
    type: 'conversation.assigned',
    data: conversationEventData(row!, { previous }),
  });
  await runHooks(ctx.conversationHooks.onAssigned, tx, {
    tenantId: input.tenantId,
    conversation: row!,
    actor: input.actor,
  });
  return row!;
}

/**
 * Moves a conversation to `status`: snoozed needs a future `snoozedUntil` (it wakes up then, or on
 * the contact's next message), closed stamps `closedAt`, anything else clears both. Records it,
 * emits `conversation.status_changed` and runs the `onStatusChanged` hooks; no change, no event.
 */
export async function setConversationStatus(
  ctx: ConversationDeps,
  tx: Tx,
  input: {
    tenantId: string;
    conversationId: string;
    status: ConversationStatus;
    snoozedUntil?: Date | null;
    actor: Actor;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  const before = await lockConversation(tx, input.tenantId, input.conversationId);
  const snoozedUntil = input.status === 'snoozed' ? (input.snoozedUntil ?? null) : null;
  if (input.status === 'snoozed' && (!snoozedUntil || snoozedUntil.getTime() <= now.getTime()))
    throw new AppError('validation_failed', 'snoozedUntil: a snoozed conversation needs a future time', {
      details: { errors: [{ path: 'snoozedUntil', message: 'must be a time in the future' }] },
    });
  if (before.status === input.status && before.snoozedUntil?.getTime() === snoozedUntil?.getTime())
    return before;
  const [row] = await tx
    .update(conversations)
    .set({
      status: input.status,
      snoozedUntil,
      closedAt: input.status === 'closed' ? now : null,
      updatedAt: now,
    })
    .where(eq(conversations.id, before.id))
    .returning();
  await recordStatusChange(ctx, tx, row!, before.status, input.actor);
  return row!;
}

/** The timeline line, event and hooks of a status change already written to `row`. */
export async function recordStatusChange(
  ctx: ConversationDeps,
  tx: Tx,
  row: ConversationRow,
  previousStatus: ConversationStatus,
  actor: Actor,
) {
  await recordActivity(tx, row, actor, {
    type: 'status_changed',
    status: row.status,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    previous: { status: previousStatus },
  });
  await emitEvent(ctx, tx, {
    tenantId: row.tenantId,
    type: 'conversation.status_changed',
    data: conversationEventData(row, { previous: { status: previousStatus } }),
  });
  await runHooks(ctx.conversationHooks.onStatusChanged, tx, {
    tenantId: row.tenantId,
    conversation: row,
    actor,
    previousStatus,
  });
}
