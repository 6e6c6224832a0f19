import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, problem, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { computeUsage, periodsBetween } from './compute-usage';
import { resolveUsageRange, UsageQuerySchema } from './usage-query';

const Money = z.object({ amountMicros: z.number().int(), currency: z.string() });
const UsagePeriodSchema = z
  .object({
    period: z.string().openapi({ description: 'The UTC day (YYYY-MM-DD) or month (YYYY-MM)' }),
    calls: z.array(
      z.object({
        direction: z.string().openapi({ description: '`outbound-api`, `outbound-dial` or `inbound`' }),
        count: z.number().int().openapi({ description: 'Call legs created in the period' }),
        answered: z.number().int(),
        billableSeconds: z.number().int(),
        minutes: z
          .number()
          .int()
          .openapi({ description: "Each leg's billable seconds rounded up to the minute" }),
        cost: z.array(Money).openapi({ description: 'One entry per currency' }),
      }),
    ),
    messages: z.array(
      z.object({
        channel: z.string(),
        direction: z.string(),
        count: z.number().int(),
        segments: z.number().int(),
        cost: Money,
      }),
    ),
  })
  .openapi('UsagePeriod');
const UsageReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'month']),
    data: z.array(UsagePeriodSchema),
  })
  .openapi('UsageReport');
const AdminUsageReportSchema = UsageReportSchema.extend({
  data: z.array(UsagePeriodSchema.extend({ tenantId: z.string() })),
}).openapi('AdminUsageReport');
const tags = ['usage'];

/** `GET /v1/usage`: the tenant's calls and messages per UTC day or month. */
export function createUsageRollupRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: guard(ctx, { role: 'supervisor', scope: 'read' }),
      summary:
        "The tenant's calls (count, minutes, cost by direction) and messages (per channel and direction) per period",
      request: { query: UsageQuerySchema },
      responses: {
        200: jsonContent(UsageReportSchema, 'Every period of the range, empty ones included'),
        422: problem('Invalid dates or range'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const range = resolveUsageRange(c.req.valid('query'));
      const rows = await computeUsage(ctx.db, { ...range, tenantId: c.get('tenant').tenantId });
      const byPeriod = new Map(rows.map((row) => [row.period, row]));
      const data = periodsBetween(range.from, range.to, range.granularity).map((period) => {
        const row = byPeriod.get(period);
        return { period, calls: row?.calls ?? [], messages: row?.messages ?? [] };
      });
      return c.json({ ...range, data }, 200);
    },
  );
  return router;
}

const AdminQuerySchema = UsageQuerySchema.extend({
  tenantId: z.string().max(64).optional().openapi({ description: 'Only this tenant' }),
});

/** `GET /v1/admin/usage`: every tenant's usage (platform admins), periods with usage only. */
export function createAdminUsageRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['admin', ...tags],
      security: SECURITY,
      middleware: guard(ctx, { platformAdmin: true }),
      summary: 'Usage of every tenant (or one), per period with any usage',
      request: { query: AdminQuerySchema },
      responses: {
        200: jsonContent(AdminUsageReportSchema, 'One entry per tenant and period with usage'),
        422: problem('Invalid dates or range'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const range = resolveUsageRange(query);
      const data = await computeUsage(ctx.db, { ...range, tenantId: query.tenantId });
      return c.json({ ...range, data }, 200);
    },
  );
  return router;
}
