import { hostname } from 'node:os';
import { createRoute, z } from '@hono/zod-openapi';
import { inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { calls } from './calls.schema';

const VoiceStatusSchema = z
  .object({
    nodes: z.array(
      z.object({
        hostname: z.string(),
        pid: z.number().int(),
        sip: z.array(z.object({ protocol: z.string(), host: z.string(), port: z.number().int() })),
        media: z.object({
          mode: z.enum(['local', 'external', 'none']),
          hosts: z.array(
            z.object({ host: z.string(), ok: z.boolean(), latencyMs: z.number().int().nullable() }),
          ),
        }),
        activeCalls: z.number().int(),
      }),
    ),
    /** Calls not yet ended, across all nodes (from the database). */
    activeCalls: z.number().int(),
    registrations: z.object({ supported: z.boolean(), count: z.number().int() }),
  })
  .openapi('VoiceStatus');

/**
 * `/v1/admin/voice/status` (platform admins): the voice role of the node answering, with its
 * rtpengine hosts pinged now, and the calls in progress platform-wide. Other voice nodes do not
 * report here yet, and there is no SIP registrar yet (registrations: unsupported).
 */
export function createVoiceStatusRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/status',
      tags: ['admin'],
      security: SECURITY,
      middleware: guard(ctx, { platformAdmin: true }),
      summary: 'Voice nodes, rtpengine health, active calls, registrations',
      responses: { 200: jsonContent(VoiceStatusSchema, 'Voice status'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const node = ctx.voiceCalls ? await ctx.voiceCalls.status() : undefined;
      const [active] = await ctx.db
        .select({ count: sql<number>`count(*)::int` })
        .from(calls)
        .where(inArray(calls.status, ['initiated', 'ringing', 'in-progress']));
      return c.json(
        {
          nodes: node ? [{ hostname: hostname(), pid: process.pid, ...node }] : [],
          activeCalls: active?.count ?? 0,
          registrations: { supported: false, count: 0 },
        },
        200,
      );
    },
  );
  return router;
}
