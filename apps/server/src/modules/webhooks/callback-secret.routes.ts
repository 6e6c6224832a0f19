import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, jsonContent, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { recordAudit } from '../audit/record-audit';
import { ensureCallbackSecret, rotateCallbackSecret } from './callback-secret';
import { RotateSecretSchema } from './webhooks.api';

const tags = ['webhooks'];

/** The secret that signs per-message status callbacks, and its rotation. */
export function createCallbackSecretRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'webhooks:write' });
  const _reader = guard(ctx, { role: 'tenant_admin', scope: 'read' });

  // Registered before /{id}, so `callback-secret` is never taken for an endpoint id.
  router.openapi(
    createRoute({
      method: 'get',
      path: '/callback-secret',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'The secret that signs per-message status callbacks (statusCallback URLs)',
      responses: {
        200: jsonContent(z.object({ secret: z.string() }), 'The current secret'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json({ secret: await ensureCallbackSecret(ctx, c.get('tenant').tenantId) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/callback-secret/rotate',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'A new status-callback secret; the old one keeps signing during the overlap window',
      request: { body: { content: { 'application/json': { schema: RotateSecretSchema } }, required: false } },
      responses: {
        200: jsonContent(z.object({ secret: z.string(), previousSecretExpiresAt: z.string() }), 'Rotated'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { overlapHours } = RotateSecretSchema.parse(await c.req.json().catch(() => ({})));
      const tenantId = c.get('tenant').tenantId;
      const rotated = await rotateCallbackSecret(ctx, tenantId, overlapHours);
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId,
        action: 'webhook.callback_secret_rotated',
        targetType: 'tenant',
        targetId: tenantId,
        details: { overlapHours },
      });
      return c.json(
        { secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() },
        200,
      );
    },
  );

  return router;
}
