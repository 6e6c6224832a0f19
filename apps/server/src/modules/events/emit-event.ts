import type { Db, Tx } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import type { JobQueue } from '../../platform/jobs/job';
import { WEBHOOK_FANOUT } from '../webhooks/webhook-jobs';
import { EVENT_CATALOG, type EventData, type EventType } from './event-catalog';
import { events } from './events.schema';

/**
 * Records an event and schedules its delivery to the tenant's webhooks, on the caller's
 * transaction: the event exists if and only if the state change that caused it commits.
 */
export async function emitEvent<T extends EventType>(
  ctx: { jobs: JobQueue },
  tx: Db | Tx,
  input: {
    tenantId: string;
    type: T;
    data: EventData<T>;
    /** A per-resource status callback (e.g. a message's statusCallback) that gets this event too. */
    callbackUrl?: string;
  },
) {
  const data = EVENT_CATALOG[input.type].parse(input.data) as Record<string, unknown>;
  const [event] = await tx
    .insert(events)
    .values({ id: newId('evt'), tenantId: input.tenantId, type: input.type, data })
    .returning();
  await ctx.jobs.enqueue(
    WEBHOOK_FANOUT,
    { eventId: event!.id, callbackUrl: input.callbackUrl },
    { tx: tx as Tx },
  );
  return event!;
}
