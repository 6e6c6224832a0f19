import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, gte, lte } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { UsageDaySchema } from './message.openapi';
import { dailyUsage } from './messages.schema';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const QuerySchema = z.object({ from: day.optional(), to: day.optional() });

/** `/v1/usage/messages`: messages, segments and cost per UTC day, channel and direction. */
export function createUsageRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/messages',
      tags: ['usage'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'supervisor', scope: 'read' }),
      summary: "The tenant's daily message usage and cost (default: the last 31 days)",
      request: { query: QuerySchema },
      responses: {
        200: jsonContent(
          z.object({ data: z.array(UsageDaySchema) }),
          'One row per day, channel and direction',
        ),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const to = query.to ?? new Date().toISOString().slice(0, 10);
      const from = query.from ?? new Date(Date.parse(to) - 30 * 86_400_000).toISOString().slice(0, 10);
      const rows = await c
        .get('tenant')
        .select(dailyUsage, and(gte(dailyUsage.day, from), lte(dailyUsage.day, to)), {
          orderBy: asc(dailyUsage.day),
        });
      return c.json(
        {
          data: rows.map((row) => ({
            day: row.day,
            channel: row.channel,
            direction: row.direction,
            messages: row.messages,
            segments: row.segments,
            cost: { amountMicros: row.costMicros, currency: row.currency },
          })),
        },
        200,
      );
    },
  );
  return router;
}
