import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import type { JobQueue } from '../../platform/jobs/job';
import { emitEvent } from '../events/emit-event';
import type { EventType } from '../events/event-catalog';
import { type CallStatus, callbackEventOf, canTransitionCall } from './call-status';
import { callEventData } from './call-view';
import { type CallRow, calls } from './calls.schema';

export type CallChange = {
  at?: Date;
  detail?: string;
  set?: Partial<CallRow>;
  /**
   * Who sends the statusCallback: `event` (default) with the event's delivery; `node` when the voice
   * node carrying the call sends its callbacks itself, one after another, to keep them in order.
   */
  statusCallback?: 'event' | 'node';
};

const EVENT_OF: Partial<Record<CallStatus, EventType>> = {
  initiated: 'call.initiated',
  ringing: 'call.ringing',
  'in-progress': 'call.answered',
  completed: 'call.completed',
  busy: 'call.completed',
  'no-answer': 'call.completed',
  canceled: 'call.completed',
  failed: 'call.failed',
};

/**
 * Moves a call (locked by the caller's transaction) to `to` if the state machine allows it, and emits
 * its event on the same transaction; the call's statusCallback gets it when the tenant asked for
 * that callback event. Returns undefined when the transition is refused (a late or repeated event).
 */
export async function transitionCall(
  ctx: { jobs: JobQueue },
  tx: Tx,
  row: CallRow,
  to: CallStatus,
  change: CallChange = {},
): Promise<CallRow | undefined> {
  if (!canTransitionCall(row.status as CallStatus, to)) return undefined;
  const at = change.at ?? new Date();
  const entry = { status: to, at: at.toISOString(), ...(change.detail ? { detail: change.detail } : {}) };
  const [updated] = await tx
    .update(calls)
    .set({ ...change.set, status: to, history: [...row.history, entry], updatedAt: new Date() })
    .where(eq(calls.id, row.id))
    .returning();
  const type = EVENT_OF[to];
  const callbackEvent = callbackEventOf(to);
  const wantsCallback =
    change.statusCallback !== 'node' &&
    callbackEvent !== undefined &&
    updated!.statusCallbackEvents.includes(callbackEvent);
  if (type)
    await emitEvent(ctx, tx, {
      tenantId: row.tenantId,
      type,
      data: callEventData(updated!),
      callbackUrl: wantsCallback ? (updated!.statusCallback ?? undefined) : undefined,
    });
  return updated;
}

/** The call row, locked until the transaction ends (one writer per call at a time). */
export async function lockCall(tx: Tx | Db, id: string): Promise<CallRow | undefined> {
  const [row] = await tx.select().from(calls).where(eq(calls.id, id)).for('update');
  return row;
}

/** Locks the call and applies one transition in its own transaction. */
export async function moveCall(
  ctx: { jobs: JobQueue; db: Db },
  id: string,
  to: CallStatus,
  change: CallChange = {},
): Promise<CallRow | undefined> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockCall(tx, id);
    return row ? transitionCall(ctx, tx, row, to, change) : undefined;
  });
}
