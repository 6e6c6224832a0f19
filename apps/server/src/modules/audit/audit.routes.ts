import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AUTHENTICATED_ERRORS, PageQuerySchema, page, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { auditLog } from './audit.schema';

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    tenantId: z.string().nullable(),
    actorType: z.string(),
    actorId: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');
export const AuditQuerySchema = PageQuerySchema.extend({ action: z.string().max(100).optional() });

export const auditView = (row: typeof auditLog.$inferSelect) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});

export function createAuditRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags: ['audit'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'tenant_admin', scope: 'admin' }),
      summary: "The tenant's audit log: keys, roles, invitations and tenant changes, newest first",
      request: { query: AuditQuerySchema },
      responses: {
        200: {
          description: 'A page of entries',
          content: { 'application/json': { schema: page(AuditEntrySchema) } },
        },
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(
        await c
          .get('tenant')
          .page(auditLog, query, auditView, query.action ? eq(auditLog.action, query.action) : undefined),
        200,
      );
    },
  );
  return router;
}
