import { createRoute } from '@hono/zod-openapi';
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
import { recordAudit } from '../audit/record-audit';
import { TENANT_SETTINGS_CHANGED } from '../tenants/tenant-settings-cache';
import {
  PutVoiceSettingsSchema,
  readVoiceSettings,
  updateVoiceSettings,
  VoiceSettingsSchema,
} from './voice-settings';

const tags = ['voice'];

/** `/v1/voice/settings`: the tenant's voice settings (Twilio signatures, recording retention). */
export function createVoiceSettingsRoutes(ctx: AppContext) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: guard(ctx, { role: 'tenant_admin', scope: 'read' }),
      summary: "The tenant's voice settings",
      responses: {
        200: jsonContent(VoiceSettingsSchema, 'The settings, defaults filled in'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(await readVoiceSettings(ctx.tenantSettings, c.get('tenant').tenantId), 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/',
      tags,
      security: SECURITY,
      middleware: guard(ctx, { role: 'tenant_admin', scope: 'admin' }),
      summary: 'Change voice settings (fields left out keep their value)',
      request: jsonBody(PutVoiceSettingsSchema),
      responses: {
        200: jsonContent(VoiceSettingsSchema, 'The settings now in force'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      const settings = await updateVoiceSettings(ctx.db, tenantId, input);
      // Every node's cache drops the tenant: the next verb fetch or callback reads the new settings.
      ctx.tenantSettings.forget(tenantId);
      await ctx.bus.publish(TENANT_SETTINGS_CHANGED, { tenantId });
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId,
        action: 'voice_settings.updated',
        targetType: 'tenant',
        targetId: tenantId,
        details: input,
      });
      return c.json(settings, 200);
    },
  );
  return router;
}
