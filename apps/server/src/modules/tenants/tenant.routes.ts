import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { DEFAULT_LIMITS } from '../../platform/http/rate-limit';
import { recordAudit } from '../audit/record-audit';
import { TENANT_SETTINGS_CHANGED } from './tenant-settings-cache';
import { type TenantSettings, tenants } from './tenants.schema';

const RATE_CLASSES = ['read', 'write', 'send', 'call_create'] as const;

const RateLimitSchema = z.object({
  perMinute: z.number().int().openapi({ description: 'Requests per minute per API key or user' }),
  source: z.enum(['platform_default', 'platform_override']).openapi({
    description: 'The installation-wide default, or a value a platform admin set for this tenant',
  }),
});

export const OwnTenantSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    rateLimits: z.object(Object.fromEntries(RATE_CLASSES.map((c) => [c, RateLimitSchema]))).openapi({
      description:
        'The limits in force, by route class. Read-only here: platform admins set them (PATCH /v1/admin/tenants/{id}).',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OwnTenant');

// Strict: a tenant sending `rateLimits` (or anything else) learns it cannot set it, instead of a silent no-op.
export const PatchOwnTenantSchema = z
  .strictObject({ name: z.string().trim().min(1).max(200) })
  .openapi('PatchOwnTenant');

function rateLimitsOf(settings: TenantSettings) {
  return Object.fromEntries(
    RATE_CLASSES.map((cls) => {
      const override = settings.rateLimits?.[cls];
      return [
        cls,
        override
          ? { perMinute: override, source: 'platform_override' as const }
          : { perMinute: DEFAULT_LIMITS[cls], source: 'platform_default' as const },
      ];
    }),
  ) as Record<(typeof RATE_CLASSES)[number], z.infer<typeof RateLimitSchema>>;
}

const view = (row: typeof tenants.$inferSelect) => ({
  id: row.id,
  name: row.name,
  status: row.status,
  rateLimits: rateLimitsOf(row.settings),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const tags = ['tenants'];

/** `/v1/tenant`: the caller's own organization — its profile and the limits it runs under. */
export function createTenantRoutes(ctx: AppContext) {
  const router = createRouter();
  const member = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  async function load(tenantId: string) {
    const [row] = await ctx.db.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!row) throw new AppError('not_found', 'This organization no longer exists');
    return row;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: member,
      summary: 'Your organization: name, status and the rate limits in force',
      responses: { 200: jsonContent(OwnTenantSchema, 'The organization'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json(view(await load(c.get('tenant').tenantId)), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Rename your organization (tenant admins)',
      request: jsonBody(PatchOwnTenantSchema),
      responses: {
        200: jsonContent(OwnTenantSchema, 'Updated'),
        422: problem('Invalid fields, or a field tenants cannot change (rateLimits)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      const input = c.req.valid('json');
      const before = await load(tenantId);
      // Only the name column changes: settings (voice, rate limits) are written by their own routes.
      const [row] = await ctx.db
        .update(tenants)
        .set({ name: input.name, updatedAt: new Date() })
        .where(eq(tenants.id, tenantId))
        .returning();
      ctx.tenantSettings.forget(tenantId);
      await ctx.bus.publish(TENANT_SETTINGS_CHANGED, { tenantId });
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId,
        action: 'tenant.updated',
        targetType: 'tenant',
        targetId: tenantId,
        details: { name: { from: before.name, to: input.name } },
      });
      return c.json(view(row!), 200);
    },
  );
  return router;
}
