import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { requireUser } from '../conversations/caller';
import { changeStatus, presenceView } from './presence-service';
import { PRESENCE_STATUSES } from './presence-store';

const PresenceSchema = z
  .object({
    userId: z.string(),
    status: z
      .enum(PRESENCE_STATUSES)
      .openapi({ description: 'offline whenever no realtime connection is alive' }),
    connected: z.boolean(),
    lastSeenAt: z.string().nullable(),
  })
  .openapi('AgentPresence');
const PresenceInputSchema = z.object({ status: z.enum(PRESENCE_STATUSES) }).openapi('AgentPresenceInput');

/**
 * `/v1/agents`: presence. An agent is available for assignment when connected to /v1/realtime
 * with status `available`; the status is theirs to set here or over the socket.
 */
export function createPresenceRoutes(ctx: AppContext) {
  const router = createRouter();
  const agent = guard(ctx, { role: 'agent', scope: 'read' });
  const tags = ['agents'];

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/presence',
      tags,
      security: SECURITY,
      middleware: agent,
      summary: "The caller's presence",
      responses: {
        200: jsonContent(PresenceSchema, 'The presence'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const userId = requireUser(c.get('principal'), 'Presence');
      return c.json(presenceView(await ctx.presence.get(c.get('tenant').tenantId, userId)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/me/presence',
      tags,
      security: SECURITY,
      middleware: agent,
      summary: "Set the caller's status (available, away, busy, offline)",
      request: jsonBody(PresenceInputSchema),
      responses: {
        200: jsonContent(PresenceSchema, 'The presence'),
        422: problem('Invalid status'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const userId = requireUser(c.get('principal'), 'Presence');
      const { status } = c.req.valid('json');
      const presence = await changeStatus(ctx, { tenantId: c.get('tenant').tenantId, userId, status });
      return c.json(presenceView(presence), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/presence',
      tags,
      security: SECURITY,
      middleware: guard(ctx, { role: 'supervisor', scope: 'read' }),
      summary: "Every agent's presence (agents seen on the realtime API this week)",
      responses: {
        200: jsonContent(z.object({ data: z.array(PresenceSchema) }), 'The agents'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const all = await ctx.presence.list(c.get('tenant').tenantId);
      return c.json({ data: all.map(presenceView) }, 200);
    },
  );
  return router;
}
