import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import type { JobQueue } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import type { EventType } from '../events/event-catalog';
import { canTransition, type MessageStatus, type TransitionSource } from './message-status';
import { type MessageRow, messageEventData } from './message-view';
import { messages } from './messages.schema';

const EVENT_OF: Partial<Record<MessageStatus, EventType>> = {
  queued: 'message.queued',
  sent: 'message.sent',
  delivered: 'message.delivered',
  undelivered: 'message.undelivered',
  failed: 'message.failed',
  received: 'message.received',
  read: 'message.read',
};

/**
 * Moves a message (locked by the caller's transaction) to `to` if the state machine allows it,
 * records the change with its time and source, and emits its event on the same transaction.
 * Returns the updated row, or undefined when the transition is refused (an out-of-order update).
 */
export async function transitionMessage(
  ctx: { jobs: JobQueue },
  tx: Tx,
  row: MessageRow,
  to: MessageStatus,
  change: { source: TransitionSource; at?: Date; detail?: string; set?: Partial<MessageRow> },
): Promise<MessageRow | undefined> {
  if (!canTransition(row.status as MessageStatus, to)) return undefined;
  const at = change.at ?? new Date();
  const entry = {
    status: to,
    at: at.toISOString(),
    source: change.source,
    ...(change.detail ? { detail: change.detail } : {}),
  };
  const [updated] = await tx
    .update(messages)
    .set({ ...change.set, status: to, history: [...row.history, entry], updatedAt: new Date() })
    .where(eq(messages.id, row.id))
    .returning();
  const type = EVENT_OF[to];
  if (type)
    await emitEvent(ctx, tx, {
      tenantId: row.tenantId,
      type,
      data: messageEventData(updated!),
      // The message's own statusCallback gets every event too (signed like the tenant's webhooks).
      callbackUrl: updated!.statusCallback ?? undefined,
    });
  return updated;
}

/** The message row, locked until the transaction ends (one writer per message at a time). */
export async function lockMessage(tx: Tx, id: string): Promise<MessageRow | undefined> {
  const [row] = await tx.select().from(messages).where(eq(messages.id, id)).for('update');
  return row;
}
