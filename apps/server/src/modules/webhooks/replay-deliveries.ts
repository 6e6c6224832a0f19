import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { eventMatches } from '../events/event-catalog';
import { events } from '../events/events.schema';
import { WEBHOOK_DELIVER } from './webhook-jobs';
import { webhookDeliveries, type webhookEndpoints } from './webhooks.schema';

export const MAX_REPLAY = 10_000;

/**
 * Sends events again to one endpoint: one event, or every event of a time range that the endpoint
 * subscribes to. A replayed delivery keeps its webhook-id (the event id), so receivers can dedupe.
 */
export async function replayDeliveries(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  tenant: TenantScope,
  endpoint: typeof webhookEndpoints.$inferSelect,
  input: { eventId?: string; from?: string; to?: string },
) {
  const condition = input.eventId
    ? eq(events.id, input.eventId)
    : and(gte(events.createdAt, new Date(input.from!)), lte(events.createdAt, new Date(input.to!)));
  const found = await tenant.select(events, condition, { orderBy: asc(events.id), limit: MAX_REPLAY });
  const matching = found.filter((event) =>
    endpoint.eventTypes.some((pattern) => eventMatches(pattern, event.type)),
  );
  await ctx.db.transaction(async (tx) => {
    for (const event of matching) {
      const [delivery] = await tx
        .insert(webhookDeliveries)
        .values({ id: newId('whd'), tenantId: tenant.tenantId, endpointId: endpoint.id, eventId: event.id })
        .onConflictDoUpdate({
          target: [webhookDeliveries.eventId, webhookDeliveries.endpointId],
          set: { status: 'pending', attempts: 0, nextAttemptAt: null, completedAt: null },
        })
        .returning({ id: webhookDeliveries.id });
      await ctx.jobs.enqueue(WEBHOOK_DELIVER, { deliveryId: delivery!.id }, { tx });
    }
  });
  return { matched: matching.length, truncated: found.length === MAX_REPLAY };
}
