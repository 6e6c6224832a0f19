import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context';
import { CHANNEL_KINDS } from './channels/channel';
import { createAdminRoutes } from './modules/admin/admin-tenants.routes';
import { createApiKeyRoutes } from './modules/api-keys/api-keys.routes';
import { createAuditRoutes } from './modules/audit/audit.routes';
import { createAuthRoutes } from './modules/auth/auth.routes';
import { createEventRoutes } from './modules/events/events.routes';
import { registerEventWebhooks } from './modules/events/register-event-webhooks';
import { createHealthRoutes, type ReadinessCheck } from './modules/health/health.routes';
import { createInvitationRoutes } from './modules/invitations/invitations.routes';
import { createMessageRoutes } from './modules/messages/messages.routes';
import { createProviderHookRoutes } from './modules/messages/provider-hooks.routes';
import { createRoutingRuleRoutes } from './modules/messages/routing-rules.routes';
import { createUsageRoutes } from './modules/messages/usage.routes';
import { createNotificationRoutes } from './modules/notifications/notifications.routes';
import { createNumberRoutes } from './modules/numbers/numbers.routes';
import { createOptOutRoutes } from './modules/opt-outs/opt-outs.routes';
import { createSandboxRoutes } from './modules/sandbox/sandbox.routes';
import { createUserRoutes } from './modules/users/users.routes';
import { createWebhookRoutes } from './modules/webhooks/webhooks.routes';
import { createApiDocs } from './platform/http/api-docs';
import type { AppRouter } from './platform/http/app-env';
import { createHttpApp } from './platform/http/create-app';
import { createWebApp } from './platform/http/web-app';

export const OPENAPI_PATH = '/v1/openapi.json';
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function openApiInfo(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'IRIS API',
      version: '1.0.0',
      description:
        'Messaging, email, chat, voice and contact-center API. Authenticate with `Authorization: Bearer <access token or API key>` or HTTP Basic (API key id : secret). Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: serverUrl }],
  };
}

export type ApiExtras = { checks: Record<string, ReadinessCheck>; isShuttingDown: () => boolean };

/** The whole HTTP surface: every feature router is mounted here, once. */
export function createApi(ctx: AppContext, extras: ApiExtras): AppRouter {
  const app = createHttpApp({
    logger: ctx.logger,
    metrics: ctx.metrics,
    bodyLimitBytes: ctx.config.http.bodyLimitBytes,
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access token (JWT from /v1/auth/login) or an API key',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'basicAuth', {
    type: 'http',
    scheme: 'basic',
    description: 'API key id as user name, its secret as password',
  });

  app.route('/', createHealthRoutes(extras));
  app.get('/metrics', async (c) =>
    c.body(await ctx.metrics.registry.metrics(), 200, { 'content-type': ctx.metrics.registry.contentType }),
  );
  app.route('/v1/auth', createAuthRoutes(ctx));
  app.route('/v1/api-keys', createApiKeyRoutes(ctx));
  app.route('/v1/users', createUserRoutes(ctx));
  app.route('/v1/invitations', createInvitationRoutes(ctx));
  app.route('/v1/audit-log', createAuditRoutes(ctx));
  app.route('/v1/notifications', createNotificationRoutes(ctx));
  app.route('/v1/admin', createAdminRoutes(ctx));
  app.route('/v1/webhooks', createWebhookRoutes(ctx));
  app.route('/v1/events', createEventRoutes(ctx));
  app.route('/v1/messages', createMessageRoutes(ctx));
  app.route('/v1/numbers', createNumberRoutes(ctx));
  app.route('/v1/sandbox', createSandboxRoutes(ctx));
  app.route('/v1/opt-outs', createOptOutRoutes(ctx));
  app.route('/v1/usage', createUsageRoutes(ctx));
  app.route('/v1/routing-rules', createRoutingRuleRoutes(ctx));
  for (const kind of CHANNEL_KINDS) app.route(`/hooks/${kind}`, createProviderHookRoutes(ctx, kind));
  registerEventWebhooks(app);

  app.doc31(OPENAPI_PATH, openApiInfo(ctx.config.http.publicUrl));
  app.route('/docs', createApiDocs({ specUrl: OPENAPI_PATH }));
  // Last: the web app answers what no API route did (the SPA's own paths).
  app.route('/', createWebApp({ distDir: WEB_DIST }));
  return app;
}
