import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context';
import { CHANNEL_KINDS } from './channels/channel';
import { createAdminRoutes } from './modules/admin/admin-tenants.routes';
import { createApiKeyRoutes } from './modules/api-keys/api-keys.routes';
import { createAssignmentHistoryRoutes } from './modules/assignment/assignments.routes';
import { createAuditRoutes } from './modules/audit/audit.routes';
import { createAuthRoutes } from './modules/auth/auth.routes';
import { createCallRoutes } from './modules/calls/calls.routes';
import { createVoiceNumberRoutes } from './modules/calls/voice-numbers.routes';
import { createVoiceStatusRoutes } from './modules/calls/voice-status.routes';
import { createConferenceRoutes } from './modules/conferences/conferences.routes';
import { createCallQueueRoutes } from './modules/conferences/queues.routes';
import { createContactRoutes } from './modules/contacts/contacts.routes';
import { createCannedResponseRoutes } from './modules/conversations/canned-responses.routes';
import { createConversationRoutes } from './modules/conversations/conversations.routes';
import { createEmailRoutes } from './modules/email/email.routes';
import { createEngagementHookRoutes } from './modules/email/tracking/engagement-hook.routes';
import { createTrackingRoutes } from './modules/email/tracking/tracking.routes';
import { createEventRoutes } from './modules/events/events.routes';
import { registerEventWebhooks } from './modules/events/register-event-webhooks';
import { createHealthRoutes, type ReadinessCheck } from './modules/health/health.routes';
import { createInvitationRoutes } from './modules/invitations/invitations.routes';
import { createMessageMediaRoutes } from './modules/messages/message-media.routes';
import { createMessageRoutes } from './modules/messages/messages.routes';
import { createProviderHookRoutes } from './modules/messages/provider-hooks.routes';
import { createRoutingRuleRoutes } from './modules/messages/routing-rules.routes';
import { createUsageRoutes } from './modules/messages/usage.routes';
import { createNotificationRoutes } from './modules/notifications/notifications.routes';
import { createNumberRoutes } from './modules/numbers/numbers.routes';
import { createOptOutRoutes } from './modules/opt-outs/opt-outs.routes';
import { createPresenceRoutes } from './modules/presence/presence.routes';
import { createProviderRoutes } from './modules/providers/providers.routes';
import { createRealtimeRoutes } from './modules/realtime/realtime.routes';
import type { RealtimeHub } from './modules/realtime/realtime-hub';
import { createRecordingRoutes } from './modules/recordings/recordings.routes';
import { createSandboxRoutes } from './modules/sandbox/sandbox.routes';
import { createSipCredentialRoutes } from './modules/sip-credentials/sip-credentials.routes';
import { createSlaAnalyticsRoutes } from './modules/sla/sla-analytics.routes';
import { createSlaPolicyRoutes } from './modules/sla/sla-policies.routes';
import { createSocialRoutes } from './modules/social/social.routes';
import { createTeamRoutes } from './modules/teams/teams.routes';
import { createTenantRoutes } from './modules/tenants/tenant.routes';
import { createPlatformTrunkRoutes } from './modules/trunks/platform-trunks.routes';
import { createTrunkRoutes } from './modules/trunks/trunks.routes';
import { createAdminUsageRoutes, createUsageRollupRoutes } from './modules/usage/usage.routes';
import { createUserRoutes } from './modules/users/users.routes';
import { createVoiceSettingsRoutes } from './modules/voice-settings/voice-settings.routes';
import { createWebhookRoutes } from './modules/webhooks/webhooks.routes';
import { createWhatsAppRoutes } from './modules/whatsapp/whatsapp.routes';
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

export type ApiExtras = {
  checks: Record<string, ReadinessCheck>;
  isShuttingDown: () => boolean;
  /** The api role's WebSocket hub (absent when only the OpenAPI document is built). */
  realtime?: RealtimeHub;
};

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
  app.route('/v1/tenant', createTenantRoutes(ctx));
  app.route('/v1/invitations', createInvitationRoutes(ctx));
  app.route('/v1/audit-log', createAuditRoutes(ctx));
  app.route('/v1/notifications', createNotificationRoutes(ctx));
  app.route('/v1/admin', createAdminRoutes(ctx));
  app.route('/v1/webhooks', createWebhookRoutes(ctx));
  app.route('/v1/events', createEventRoutes(ctx));
  app.route('/v1/messages', createMessageRoutes(ctx));
  app.route('/v1/messages', createMessageMediaRoutes(ctx));
  app.route('/v1/teams', createTeamRoutes(ctx));
  app.route('/v1/sla-policies', createSlaPolicyRoutes(ctx));
  app.route('/v1/agents', createPresenceRoutes(ctx));
  app.route('/v1/analytics', createSlaAnalyticsRoutes(ctx));
  app.route('/v1/conversations', createAssignmentHistoryRoutes(ctx));
  app.route('/v1/realtime', createRealtimeRoutes(ctx, app, extras.realtime));
  app.route('/v1/numbers', createNumberRoutes(ctx));
  app.route('/v1/sandbox', createSandboxRoutes(ctx));
  app.route('/v1/opt-outs', createOptOutRoutes(ctx));
  app.route('/v1/usage', createUsageRoutes(ctx));
  app.route('/v1/usage', createUsageRollupRoutes(ctx));
  app.route('/v1/admin/usage', createAdminUsageRoutes(ctx));
  app.route('/v1/routing-rules', createRoutingRuleRoutes(ctx));
  app.route('/v1/providers', createProviderRoutes(ctx));
  app.route('/v1/calls', createCallRoutes(ctx));
  app.route('/v1/voice/trunks', createTrunkRoutes(ctx));
  app.route('/v1/voice/numbers', createVoiceNumberRoutes(ctx));
  app.route('/v1/voice/settings', createVoiceSettingsRoutes(ctx));
  app.route('/v1/voice/sip-credentials', createSipCredentialRoutes(ctx));
  app.route('/v1/voice/conferences', createConferenceRoutes(ctx));
  app.route('/v1/voice/queues', createCallQueueRoutes(ctx));
  app.route('/v1/recordings', createRecordingRoutes(ctx));
  app.route('/v1/admin/voice', createVoiceStatusRoutes(ctx));
  app.route('/v1/admin/voice/trunks', createPlatformTrunkRoutes(ctx));
  app.route('/v1/whatsapp', createWhatsAppRoutes(ctx));
  app.route('/v1/social', createSocialRoutes(ctx));
  app.route('/v1/contacts', createContactRoutes(ctx));
  app.route('/v1/conversations', createConversationRoutes(ctx));
  app.route('/v1/canned-responses', createCannedResponseRoutes(ctx));
  for (const kind of CHANNEL_KINDS) app.route(`/hooks/${kind}`, createProviderHookRoutes(ctx, kind));
  app.route('/v1/email', createEmailRoutes(ctx));
  app.route('/hooks/email', createEngagementHookRoutes(ctx));
  app.route('/t', createTrackingRoutes(ctx));
  registerEventWebhooks(app);

  app.doc31(OPENAPI_PATH, openApiInfo(ctx.config.http.publicUrl));
  app.route('/docs', createApiDocs({ specUrl: OPENAPI_PATH }));
  // Last: the web app answers what no API route did (the SPA's own paths).
  app.route('/', createWebApp({ distDir: WEB_DIST }));
  return app;
}
