import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { toPage } from '../../platform/http/paginate';
import { events } from '../events/events.schema';
import { findEndpoint } from './find-endpoint';
import { replayDeliveries } from './replay-deliveries';
import { DeliveriesQuerySchema, DeliverySchema, deliveryView, ReplaySchema } from './webhooks.api';
import { webhookAttempts, webhookDeliveries } from './webhooks.schema';

const tags = ['webhooks'];

/** The delivery log of an endpoint, and replays. */
export function createWebhookDeliveryRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'webhooks:write' });
  const reader = guard(ctx, { role: 'tenant_admin', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/deliveries',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'Deliveries to this endpoint with every attempt: status code, latency, response excerpt',
      request: { params: IdParamSchema, query: DeliveriesQuerySchema },
      responses: {
        200: jsonContent(page(DeliverySchema), 'A page of deliveries, newest first'),
        404: problem('No such endpoint'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const endpoint = await findEndpoint(c.get('tenant'), c.req.valid('param').id);
      const query = c.req.valid('query');
      const tenant = c.get('tenant');
      const rows = await ctx.db
        .select({ delivery: webhookDeliveries, eventType: events.type })
        .from(webhookDeliveries)
        .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
        .where(
          and(
            tenant.owned(webhookDeliveries, eq(webhookDeliveries.endpointId, endpoint.id)),
            query.status ? eq(webhookDeliveries.status, query.status) : undefined,
            query.cursor ? lt(webhookDeliveries.id, query.cursor) : undefined,
          ),
        )
        .orderBy(desc(webhookDeliveries.id))
        .limit(query.limit + 1);
      const ids = rows.slice(0, query.limit).map((r) => r.delivery.id);
      const attempts = ids.length
        ? await tenant.select(webhookAttempts, inArray(webhookAttempts.deliveryId, ids), {
            orderBy: webhookAttempts.id,
          })
        : [];
      const items = rows.map((r) => ({ id: r.delivery.id, ...r }));
      return c.json(
        toPage(items, query.limit, (r) =>
          deliveryView(
            r.delivery,
            r.eventType,
            attempts.filter((a) => a.deliveryId === r.delivery.id),
          ),
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/replay',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Send one event, or every event of a time range, to this endpoint again',
      request: { params: IdParamSchema, ...jsonBody(ReplaySchema) },
      responses: {
        202: jsonContent(z.object({ replayed: z.number().int(), truncated: z.boolean() }), 'Queued'),
        404: problem('No such endpoint'),
        409: problem('The endpoint is disabled'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const endpoint = await findEndpoint(c.get('tenant'), c.req.valid('param').id);
      const input = c.req.valid('json');
      // Checked after the endpoint lookup, so another tenant's id is a 404 whatever the body.
      if (Boolean(input.eventId) === Boolean(input.from && input.to)) {
        throw new AppError('validation_failed', 'Give either eventId, or both from and to', {
          details: { errors: [{ path: 'eventId', message: 'give either eventId, or both from and to' }] },
        });
      }
      if (!endpoint.enabled) throw new AppError('conflict', 'The endpoint is disabled; enable it first');
      const result = await replayDeliveries(ctx, c.get('tenant'), endpoint, input);
      if (c.req.valid('json').eventId && result.matched === 0)
        throw new AppError('not_found', 'No such event for this endpoint');
      return c.json({ replayed: result.matched, truncated: result.truncated }, 202);
    },
  );

  return router;
}
