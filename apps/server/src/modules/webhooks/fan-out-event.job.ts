import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { defineJob } from '../../platform/jobs/job';
import { eventMatches } from '../events/event-catalog';
import { events } from '../events/events.schema';
import { WEBHOOK_DELIVER, WEBHOOK_FANOUT } from './webhook-jobs';
import { webhookDeliveries, webhookEndpoints } from './webhooks.schema';

/**
 * One delivery per enabled endpoint of the tenant whose event types match, plus one to the event's
 * status callback URL if it has one. Idempotent: a repeated fan-out creates nothing new.
 */
export async function fanOutEvent(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  eventId: string,
  options: { onlyEndpointId?: string; callbackUrl?: string } = {},
) {
  const [event] = await ctx.db.select().from(events).where(eq(events.id, eventId));
  if (!event) return 0;
  const endpoints = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, event.tenantId), eq(webhookEndpoints.enabled, true)));
  // A targeted send (the endpoint's test ping) goes to that endpoint whatever it subscribes to.
  const targets = options.onlyEndpointId
    ? endpoints.filter((e) => e.id === options.onlyEndpointId)
    : endpoints.filter((e) => e.eventTypes.some((p) => eventMatches(p, event.type)));
  const rows: (typeof webhookDeliveries.$inferInsert)[] = targets.map((e) => ({
    id: newId('whd'),
    tenantId: event.tenantId,
    endpointId: e.id,
    eventId: event.id,
  }));
  if (options.callbackUrl) {
    rows.push({
      id: newId('whd'),
      tenantId: event.tenantId,
      endpointId: null,
      callbackUrl: options.callbackUrl,
      eventId: event.id,
    });
  }
  if (rows.length === 0) return 0;
  await ctx.db.transaction(async (tx) => {
    const created = await tx
      .insert(webhookDeliveries)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    for (const delivery of created)
      await ctx.jobs.enqueue(WEBHOOK_DELIVER, { deliveryId: delivery.id }, { tx });
  });
  return rows.length;
}

export const fanOutEventJob = (ctx: Pick<AppContext, 'db' | 'jobs'>) =>
  defineJob({
    ...WEBHOOK_FANOUT,
    concurrency: 10,
    async handler({ eventId, callbackUrl }) {
      await fanOutEvent(ctx, eventId, { callbackUrl });
    },
  });
