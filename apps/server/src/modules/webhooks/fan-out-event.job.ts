import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { defineJob } from '../../platform/jobs/job';
import { eventMatches } from '../events/event-catalog';
import { events } from '../events/events.schema';
import { WEBHOOK_DELIVER, WEBHOOK_FANOUT } from './webhook-jobs';
import { webhookDeliveries, webhookEndpoints } from './webhooks.schema';

/** One delivery per enabled endpoint of the tenant whose event types match; idempotent per (event, endpoint). */
export async function fanOutEvent(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  eventId: string,
  onlyEndpointId?: string,
) {
  const [event] = await ctx.db.select().from(events).where(eq(events.id, eventId));
  if (!event) return 0;
  const endpoints = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, event.tenantId), eq(webhookEndpoints.enabled, true)));
  // A targeted send (the endpoint's test ping) goes to that endpoint whatever it subscribes to.
  const targets = onlyEndpointId
    ? endpoints.filter((e) => e.id === onlyEndpointId)
    : endpoints.filter((e) => e.eventTypes.some((p) => eventMatches(p, event.type)));
  if (targets.length === 0) return 0;
  await ctx.db.transaction(async (tx) => {
    const created = await tx
      .insert(webhookDeliveries)
      .values(
        targets.map((e) => ({
          id: newId('whd'),
          tenantId: event.tenantId,
          endpointId: e.id,
          eventId: event.id,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    for (const delivery of created)
      await ctx.jobs.enqueue(WEBHOOK_DELIVER, { deliveryId: delivery.id }, { tx });
  });
  return targets.length;
}

export const fanOutEventJob = (ctx: Pick<AppContext, 'db' | 'jobs'>) =>
  defineJob({
    ...WEBHOOK_FANOUT,
    concurrency: 10,
    async handler({ eventId }) {
      await fanOutEvent(ctx, eventId);
    },
  });
