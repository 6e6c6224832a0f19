import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { postJson } from '../../platform/http/post-json';
import { defineJob } from '../../platform/jobs/job';
import { events } from '../events/events.schema';
import { callbackSecrets } from './callback-secret';
import { disableEndpoint } from './disable-endpoint';
import { acquireEndpointLease, releaseEndpointLease } from './endpoint-lease';
import { createEndpointSlots, type EndpointSlots } from './endpoint-slots';
import { DISABLE_FAILING_ENDPOINT_AFTER_MS, nextRetryDelayMs } from './retry-schedule';
import { WEBHOOK_DELIVER } from './webhook-jobs';
import { webhookHeaders } from './webhook-signature';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './webhooks.schema';

type DeliverContext = Pick<AppContext, 'db' | 'jobs' | 'config' | 'encryptor'>;
const BUSY_RETRY_MS = 250;

/** The body every receiver gets: the Standard Webhooks payload shape. */
export function webhookBody(event: typeof events.$inferSelect): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data });
}

/** One attempt of one delivery. At least once: a crash after the POST repeats it with the same webhook-id. */
export async function deliverWebhook(ctx: DeliverContext, slots: EndpointSlots, deliveryId: string) {
  const [row] = await ctx.db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: events })
    .from(webhookDeliveries)
    .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (row?.delivery.status !== 'pending') return;
  const { delivery, endpoint, event } = row;
  if (!endpoint) {
    // A status callback: the tenant's callback secret signs it; there is no endpoint to cap or disable.
    if (!delivery.callbackUrl) return;
    const secrets = await callbackSecrets(ctx, delivery.tenantId);
    await recordOutcome(ctx, delivery, null, await post(ctx, delivery.callbackUrl, secrets, event));
    return;
  }
  if (!endpoint.enabled) {
    await ctx.db
      .update(webhookDeliveries)
      .set({ status: 'failed', completedAt: new Date() })
      .where(eq(webhookDeliveries.id, deliveryId));
    return;
  }
  await slots.acquire(endpoint.id, endpoint.maxConcurrency);
  try {
    if (!(await acquireEndpointLease(ctx.db, endpoint.id, deliveryId))) {
      // Other processes hold the endpoint's slots (or this delivery is in flight elsewhere): come back
      // shortly; this is not counted as an attempt.
      await ctx.jobs.enqueue(
        WEBHOOK_DELIVER,
        { deliveryId },
        { startAfter: new Date(Date.now() + BUSY_RETRY_MS + Math.random() * BUSY_RETRY_MS) },
      );
      return;
    }
    try {
      const secrets = [ctx.encryptor.decrypt(endpoint.secret)];
      if (
        endpoint.previousSecret &&
        endpoint.previousSecretExpiresAt &&
        endpoint.previousSecretExpiresAt > new Date()
      ) {
        secrets.push(ctx.encryptor.decrypt(endpoint.previousSecret));
      }
      await recordOutcome(ctx, delivery, endpoint, await post(ctx, endpoint.url, secrets, event));
    } finally {
      await releaseEndpointLease(ctx.db, endpoint.id, deliveryId);
    }
  } finally {
    slots.release(endpoint.id);
  }
}

function post(ctx: DeliverContext, url: string, secrets: string[], event: typeof events.$inferSelect) {
  const body = webhookBody(event);
  const headers = webhookHeaders(secrets, event.id, Math.floor(Date.now() / 1000), body);
  return postJson(new URL(url), body, headers, {
    allowPrivate: ctx.config.webhooks.allowPrivate,
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 15_000,
  });
}

async function recordOutcome(
  ctx: DeliverContext,
  delivery: typeof webhookDeliveries.$inferSelect,
  endpoint: typeof webhookEndpoints.$inferSelect | null,
  result: Awaited<ReturnType<typeof postJson>>,
) {
  const succeeded = result.ok && result.status >= 200 && result.status < 300;
  const gone = endpoint !== null && result.ok && result.status === 410;
  const attempts = delivery.attempts + 1;
  const retryInMs =
    succeeded || gone ? null : nextRetryDelayMs(ctx.config.webhooks.retryDelaysSeconds, attempts);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: newId('wha'),
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      endpointId: endpoint?.id ?? 'status_callback',
      statusCode: result.ok ? result.status : null,
      error: result.ok ? null : result.error,
      latencyMs: result.latencyMs,
      responseExcerpt: result.ok ? result.body : null,
    });
    const nextAttemptAt = retryInMs === null ? null : new Date(Date.now() + retryInMs);
    await tx
      .update(webhookDeliveries)
      .set({
        attempts,
        status: succeeded ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed',
        nextAttemptAt,
        completedAt: nextAttemptAt ? null : new Date(),
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (nextAttemptAt)
      await ctx.jobs.enqueue(WEBHOOK_DELIVER, { deliveryId: delivery.id }, { tx, startAfter: nextAttemptAt });
    // Touch the endpoint row only when its health flips: every delivery also locks it for a lease.
    if (endpoint && succeeded === (endpoint.failingSince !== null)) {
      await tx
        .update(webhookEndpoints)
        .set({ failingSince: succeeded ? null : sql`coalesce(${webhookEndpoints.failingSince}, now())` })
        .where(eq(webhookEndpoints.id, endpoint.id));
    }
  });
  if (!endpoint) return;
  if (gone) await disableEndpoint(ctx, endpoint, 'the receiver answered 410 Gone');
  else if (
    !succeeded &&
    endpoint.failingSince &&
    Date.now() - endpoint.failingSince.getTime() > DISABLE_FAILING_ENDPOINT_AFTER_MS
  ) {
    await disableEndpoint(ctx, endpoint, 'every delivery failed for five days');
  }
}

export const deliverWebhookJob = (ctx: DeliverContext, slots = createEndpointSlots()) =>
  defineJob({
    ...WEBHOOK_DELIVER,
    concurrency: ctx.config.webhooks.concurrency,
    retryLimit: 10,
    retryDelaySeconds: 5,
    expireInSeconds: 60,
    async handler({ deliveryId }) {
      await deliverWebhook(ctx, slots, deliveryId);
    },
  });
