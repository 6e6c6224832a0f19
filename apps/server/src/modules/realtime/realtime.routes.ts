import { randomUUID } from 'node:crypto';
import { createNodeWebSocket } from '@hono/node-ws';
import type { WebSocket } from 'ws';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import type { AppRouter } from '../../platform/http/app-env';
import { createRouter } from '../../platform/http/create-app';
import { verifyAccessToken } from '../auth/access-token';
import { CURSOR_PATTERN } from './event-cursor';
import type { RealtimeHub, RealtimeSocket } from './realtime-hub';

/**
 * `GET /v1/realtime?token=<access token>&cursor=<last event id>`: the agent desktop's WebSocket
 * (protocol in docs/inbox.md). Authenticated before the upgrade: a user's access token in
 * `token` (browsers cannot set headers on WebSockets) or the Authorization header.
 * The hub's `attach` (main.ts) hooks the upgrade into the HTTP server.
 */
export function createRealtimeRoutes(ctx: AppContext, app: AppRouter, hub: RealtimeHub | undefined) {
  const router = createRouter();
  const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app });

  router.get(
    '/',
    async (c, next) => {
      const header = c.req.header('authorization');
      const token =
        c.req.query('token') ?? (header?.toLowerCase().startsWith('bearer ') ? header.slice(7) : '');
      if (!token) throw new AppError('unauthorized', 'Pass an access token as ?token=');
      const claims = await verifyAccessToken(ctx.accessTokenKey, token);
      if ('error' in claims) throw new AppError('unauthorized', claims.error);
      if (!claims.tenantId || !claims.role)
        throw new AppError('forbidden', 'The realtime API is for members of a tenant');
      const tenant = await ctx.auth.tenants.get(claims.tenantId);
      if (tenant?.status !== 'active') throw new AppError('forbidden', 'This tenant is not active');
      const cursor = c.req.query('cursor');
      if (cursor !== undefined && !CURSOR_PATTERN.test(cursor))
        throw new AppError('validation_failed', 'cursor: must be an event id (evt_…)');
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
        throw new AppError('bad_request', 'Connect with a WebSocket (Upgrade: websocket)');
      if (!hub) throw new AppError('service_unavailable', 'Realtime is not running in this process');
      c.set('principal', { kind: 'user', ...claims });
      await next();
    },
    upgradeWebSocket((c) => {
      const principal = c.get('principal');
      if (principal.kind !== 'user' || !principal.tenantId || !principal.role) throw new Error('unreachable');
      const connectionId = randomUUID();
      const { tenantId, userId, role } = principal;
      const cursor = c.req.query('cursor');
      const fail = (error: unknown) => ctx.logger.warn({ err: error }, 'realtime: connection handler failed');
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          let alive = true;
          raw.on('pong', () => {
            alive = true;
          });
          const socket: RealtimeSocket = {
            send: (text) => ws.send(text),
            close: (code, reason) => ws.close(code, reason),
            checkAlive() {
              if (!alive) return false;
              alive = false;
              raw.ping();
              return true;
            },
            terminate: () => raw.terminate(),
          };
          hub!.open({ connectionId, socket, tenantId, userId, role, cursor }).catch((error) => {
            fail(error);
            ws.close(1011, 'setup failed');
          });
        },
        onMessage(event) {
          hub!.message(connectionId, String(event.data)).catch(fail);
        },
        onClose() {
          hub!.closed(connectionId).catch(fail);
        },
      };
    }),
  );

  hub?.bindUpgrade((server) => injectWebSocket(server));
  return router;
}
