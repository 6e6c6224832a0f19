import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
  TenantSchema,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { pageQuery, toPage } from '../../platform/http/paginate';
import { AuditEntrySchema, AuditQuerySchema, auditView } from '../audit/audit.routes';
import { auditLog } from '../audit/audit.schema';
import { recordAudit } from '../audit/record-audit';
import { NotificationSchema, notificationView } from '../notifications/notifications.routes';
import { notifications } from '../notifications/notifications.schema';
import { TENANT_SETTINGS_CHANGED } from '../tenants/tenant-settings-cache';
import { tenants } from '../tenants/tenants.schema';
import { publicTenant } from '../users/find-account';

const RateLimitsSchema = z.object({
  read: z.number().int().min(1).optional(),
  write: z.number().int().min(1).optional(),
  send: z.number().int().min(1).optional(),
  call_create: z.number().int().min(1).optional(),
});
const AdminTenantSchema = TenantSchema.extend({
  settings: z.object({ rateLimits: RateLimitsSchema.optional() }),
}).openapi('AdminTenant');
const PatchTenantSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: z.enum(['active', 'suspended']).optional(),
    rateLimits: RateLimitsSchema.optional(),
  })
  .openapi('PatchTenant');
const view = (row: typeof tenants.$inferSelect) => ({ ...publicTenant(row), settings: row.settings });
const tags = ['admin'];

/** Platform admins reach tenants only here: every change is audited against the tenant it touches. */
export function createAdminRoutes(ctx: AppContext) {
  const router = createRouter();
  const platformAdmin = guard(ctx, { platformAdmin: true });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      tags,
      security: SECURITY,
      middleware: platformAdmin,
      summary: 'All tenants, newest first',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(AdminTenantSchema), 'A page of tenants'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const q = pageQuery(tenants.id, query);
      const rows = await ctx.db.select().from(tenants).where(q.where).orderBy(q.orderBy).limit(q.limit);
      return c.json(toPage(rows, query.limit, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{id}',
      tags,
      security: SECURITY,
      middleware: platformAdmin,
      summary: 'One tenant',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(AdminTenantSchema, 'The tenant'),
        404: problem('No such tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await ctx.db
        .select()
        .from(tenants)
        .where(eq(tenants.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No tenant with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/tenants/{id}',
      tags,
      security: SECURITY,
      middleware: platformAdmin,
      summary: 'Rename, suspend or reactivate a tenant, or override its rate limits',
      request: {
        params: IdParamSchema,
        body: { content: { 'application/json': { schema: PatchTenantSchema } }, required: true },
      },
      responses: {
        200: jsonContent(AdminTenantSchema, 'Updated'),
        404: problem('No such tenant'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const [before] = await ctx.db.select().from(tenants).where(eq(tenants.id, id));
      if (!before) throw new AppError('not_found', 'No tenant with this id');
      const settings = input.rateLimits
        ? { ...before.settings, rateLimits: { ...before.settings.rateLimits, ...input.rateLimits } }
        : before.settings;
      const [row] = await ctx.db
        .update(tenants)
        .set({
          name: input.name ?? before.name,
          status: input.status ?? before.status,
          settings,
          updatedAt: new Date(),
        })
        .where(eq(tenants.id, id))
        .returning();
      ctx.tenantSettings.forget(id);
      await ctx.bus.publish(TENANT_SETTINGS_CHANGED, { tenantId: id });
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: id,
        action: 'tenant.updated',
        targetType: 'tenant',
        targetId: id,
        details: input,
      });
      return c.json(view(row!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      tags,
      security: SECURITY,
      middleware: platformAdmin,
      summary: 'Every audited action on the platform, newest first',
      request: { query: AuditQuerySchema },
      responses: { 200: jsonContent(page(AuditEntrySchema), 'A page of entries'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const q = pageQuery(auditLog.id, query, query.action ? eq(auditLog.action, query.action) : undefined);
      const rows = await ctx.db.select().from(auditLog).where(q.where).orderBy(q.orderBy).limit(q.limit);
      return c.json(toPage(rows, query.limit, auditView), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags,
      security: SECURITY,
      middleware: platformAdmin,
      summary: 'The whole platform email outbox, password resets included (what the sandbox shows)',
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(NotificationSchema), 'A page of notifications'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const q = pageQuery(notifications.id, query);
      const rows = await ctx.db.select().from(notifications).where(q.where).orderBy(q.orderBy).limit(q.limit);
      return c.json(toPage(rows, query.limit, notificationView), 200);
    },
  );
  return router;
}
