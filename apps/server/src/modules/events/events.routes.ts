import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gte, lte } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { events } from './events.schema';

const EventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('Event');
const EventsQuerySchema = PageQuerySchema.extend({
  type: z.string().max(100).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
const view = (row: typeof events.$inferSelect) => ({
  id: row.id,
  type: row.type,
  data: row.data,
  createdAt: row.createdAt.toISOString(),
});

/** The event log: every event of the tenant, kept EVENTS_RETENTION_DAYS. */
export function createEventRoutes(ctx: AppContext) {
  const router = createRouter();
  const reader = guard(ctx, { role: 'supervisor', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['events'],
      security: SECURITY,
      middleware: reader,
      summary: "The tenant's events, newest first (filters: type, from, to)",
      request: { query: EventsQuerySchema },
      responses: { 200: jsonContent(page(EventSchema), 'A page of events'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(
        await c
          .get('tenant')
          .page(
            events,
            query,
            view,
            and(
              query.type ? eq(events.type, query.type) : undefined,
              query.from ? gte(events.createdAt, new Date(query.from)) : undefined,
              query.to ? lte(events.createdAt, new Date(query.to)) : undefined,
            ),
          ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['events'],
      security: SECURITY,
      middleware: reader,
      summary: 'One event',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(EventSchema, 'The event'),
        404: problem('No such event'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(events, eq(events.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No event with this id');
      return c.json(view(row), 200);
    },
  );
  return router;
}
