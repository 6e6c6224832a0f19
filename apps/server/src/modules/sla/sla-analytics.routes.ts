import { createRoute, z } from '@hono/zod-openapi';
import { and, count, gte, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, problem, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { SLA_METRICS, slaTargets } from './sla.schema';

const QuerySchema = z.object({
  from: z.iso.datetime().openapi({ description: 'Clocks stopped (met or breached) at or after this time' }),
  to: z.iso.datetime().openapi({ description: '…and before this time' }),
  metric: z.enum(SLA_METRICS).optional(),
});

const Tally = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  percentMet: z.number().nullable(),
});
const SlaReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    overall: Tally,
    byAgent: z.array(Tally.extend({ userId: z.string().nullable() })),
    byTeam: z.array(Tally.extend({ teamId: z.string().nullable() })),
    byMetric: z.array(Tally.extend({ metric: z.enum(SLA_METRICS) })),
  })
  .openapi('SlaReport');

const tally = (met: number, breached: number) => ({
  met,
  breached,
  percentMet: met + breached === 0 ? null : Math.round((met / (met + breached)) * 10_000) / 100,
});

/** `/v1/analytics/sla`: % of SLA clocks met, overall, per agent, per team and per metric. */
export function createSlaAnalyticsRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/sla',
      tags: ['analytics'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'supervisor', scope: 'read' }),
      summary: 'SLA % met per agent and team over a time range',
      description:
        'Counts the clocks that stopped in [from, to): met (answered or resolved in time) and breached. A clock is credited to whoever held the conversation when it stopped.',
      request: { query: QuerySchema },
      responses: {
        200: jsonContent(SlaReportSchema, 'The report'),
        422: problem('Invalid range'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const from = new Date(query.from);
      const to = new Date(query.to);
      const stoppedAt = sql`coalesce(${slaTargets.metAt}, ${slaTargets.breachedAt})`;
      const where = c
        .get('tenant')
        .owned(
          slaTargets,
          and(
            or(isNotNull(slaTargets.metAt), isNotNull(slaTargets.breachedAt)),
            gte(stoppedAt, from),
            lt(stoppedAt, to),
            query.metric ? sql`${slaTargets.metric} = ${query.metric}` : undefined,
          ),
        );
      const rows = await ctx.db
        .select({
          userId: slaTargets.assigneeUserId,
          teamId: slaTargets.teamId,
          metric: slaTargets.metric,
          met: count(slaTargets.metAt),
          breached: count(slaTargets.breachedAt),
        })
        .from(slaTargets)
        .where(where)
        .groupBy(slaTargets.assigneeUserId, slaTargets.teamId, slaTargets.metric);
      const group = <K extends string | null>(key: (row: (typeof rows)[number]) => K) => {
        const sums = new Map<K, [number, number]>();
        for (const row of rows) {
          const [met, breached] = sums.get(key(row)) ?? [0, 0];
          sums.set(key(row), [met + Number(row.met), breached + Number(row.breached)]);
        }
        return [...sums].map(([k, [met, breached]]) => ({ key: k, ...tally(met, breached) }));
      };
      const all = group(() => null)[0];
      return c.json(
        {
          from: from.toISOString(),
          to: to.toISOString(),
          overall: all ? { met: all.met, breached: all.breached, percentMet: all.percentMet } : tally(0, 0),
          byAgent: group((r) => r.userId).map(({ key, ...t }) => ({ userId: key, ...t })),
          byTeam: group((r) => r.teamId).map(({ key, ...t }) => ({ teamId: key, ...t })),
          byMetric: group((r) => r.metric).map(({ key, ...t }) => ({ metric: key, ...t })),
        },
        200,
      );
    },
  );
  return router;
}
