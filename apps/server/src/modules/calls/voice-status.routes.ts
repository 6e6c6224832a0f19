import { hostname } from 'node:os';
import { createRoute, z } from '@hono/zod-openapi';
import { eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { summarizeRegistrations } from '../sip-credentials/sip-registrations';
import { trunkRegistrations } from '../trunks/trunk-registrations.schema';
import { voiceTrunks } from '../trunks/trunks.schema';
import { calls } from './calls.schema';
import { voiceNodes } from './voice-nodes.schema';

const VoiceStatusSchema = z
  .object({
    nodes: z.array(
      z.object({
        /** The node's id in the cluster (calls carry it as their node). */
        id: z.string().optional(),
        /** Its last heartbeat; the node answering reports itself live. */
        lastSeenAt: z.string().optional(),
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
    /** Live registrar bindings platform-wide (the database), soonest to expire first. */
    registrations: z.object({
      supported: z.boolean(),
      count: z.number().int(),
      items: z.array(
        z.object({
          tenantId: z.string(),
          credentialId: z.string(),
          username: z.string(),
          contact: z.string(),
          source: z.string(),
          userAgent: z.string().nullable(),
          expiresAt: z.string(),
        }),
      ),
    }),
    /** Our registrations to carriers (trunks with `registration.enabled`), with the node holding each. */
    trunkRegistrations: z.array(
      z.object({
        trunkId: z.string(),
        tenantId: z.string().nullable(),
        state: z.string(),
        nodeId: z.string().nullable(),
        expiresAt: z.string().nullable(),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .openapi('VoiceStatus');

/**
 * `/v1/admin/voice/status` (platform admins): every live voice node of the cluster (the answering
 * one with its rtpengine hosts pinged now, the others as of their last heartbeat), and the calls in
 * progress platform-wide; registrations are the registrar's bindings in the database (all nodes).
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
      // Every voice node heartbeating (voice/nodes): this node's status is live, the others' is their last beat's.
      const alive = await ctx.db
        .select()
        .from(voiceNodes)
        .where(
          gt(voiceNodes.lastSeenAt, sql`now() - make_interval(secs => ${ctx.config.voice.nodeLostSeconds})`),
        );
      const self = ctx.voiceCalls?.nodeId;
      const others = alive
        .filter((row) => row.id !== self)
        .map((row) => ({
          ...(row.status as Omit<z.infer<typeof VoiceStatusSchema>['nodes'][number], 'hostname' | 'pid'>),
          id: row.id,
          lastSeenAt: row.lastSeenAt.toISOString(),
          hostname: row.hostname,
          pid: row.pid,
        }));
      const [active] = await ctx.db
        .select({ count: sql<number>`count(*)::int` })
        .from(calls)
        .where(inArray(calls.status, ['initiated', 'ringing', 'in-progress']));
      return c.json(
        {
          nodes: [
            ...(node
              ? [
                  {
                    id: self,
                    lastSeenAt: new Date().toISOString(),
                    hostname: hostname(),
                    pid: process.pid,
                    ...node,
                  },
                ]
              : []),
            ...others,
          ],
          activeCalls: active?.count ?? 0,
          registrations: { supported: true, ...(await summarizeRegistrations(ctx.db)) },
          trunkRegistrations: (
            await ctx.db
              .select({ state: trunkRegistrations, tenantId: voiceTrunks.tenantId })
              .from(trunkRegistrations)
              .innerJoin(voiceTrunks, eq(voiceTrunks.id, trunkRegistrations.trunkId))
          ).map(({ state, tenantId }) => ({
            trunkId: state.trunkId,
            tenantId,
            state: state.state,
            nodeId: state.nodeId,
            expiresAt: state.expiresAt?.toISOString() ?? null,
            lastError: state.lastError,
          })),
        },
        200,
      );
    },
  );
  return router;
}
