import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { events } from '../events/events.schema';
import { fanOutEvent } from './fan-out-event.job';
import type { webhookEndpoints } from './webhooks.schema';

/** A `webhook.test` event, stored in the log and delivered to this endpoint only. */
export async function sendTestEvent(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  endpoint: typeof webhookEndpoints.$inferSelect,
) {
  const [event] = await ctx.db
    .insert(events)
    .values({
      id: newId('evt'),
      tenantId: endpoint.tenantId,
      type: 'webhook.test',
      data: {
        endpointId: endpoint.id,
        message: 'A test event from IRIS: your endpoint receives and verifies our webhooks.',
      },
    })
    .returning();
  await fanOutEvent(ctx, event!.id, { onlyEndpointId: endpoint.id });
  return event!;
}
