import { createRoute, z } from '@hono/zod-openapi';
import { and, count, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  problem,
  RoleSchema,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { recordAudit } from '../audit/record-audit';
import { memberships } from '../tenants/tenants.schema';
import { users } from './users.schema';

const MemberSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, joinedAt: z.string() })
  .openapi('Member');
const tags = ['users'];

/** The tenant's people: list, change a role, remove. User ids in the path are members of this tenant only. */
export function createUserRoutes(ctx: AppContext) {
  const router = createRouter();
  const supervisor = guard(ctx, { role: 'supervisor', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  async function members(tenantId: string, userId?: string) {
    const rows = await ctx.db
      .select({ user: users, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        userId
          ? and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId))
          : eq(memberships.tenantId, tenantId),
      )
      .orderBy(memberships.createdAt);
    return rows.map((r) => ({
      id: r.user.id,
      email: r.user.email,
      name: r.user.name,
      role: r.role,
      joinedAt: r.joinedAt.toISOString(),
    }));
  }

  async function assertAnotherAdminRemains(tenantId: string, userId: string) {
    const [row] = await ctx.db
      .select({ n: count() })
      .from(memberships)
      .where(
        and(
          eq(memberships.tenantId, tenantId),
          eq(memberships.role, 'tenant_admin'),
          ne(memberships.userId, userId),
        ),
      );
    if ((row?.n ?? 0) === 0) throw new AppError('conflict', 'A tenant needs at least one tenant_admin');
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: supervisor,
      summary: "The tenant's members",
      responses: {
        200: jsonContent(z.object({ data: z.array(MemberSchema) }), 'Members, oldest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json({ data: await members(c.get('tenant').tenantId) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: supervisor,
      summary: 'One member',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(MemberSchema, 'The member'),
        404: problem('Not a member of this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [member] = await members(c.get('tenant').tenantId, c.req.valid('param').id);
      if (!member) throw new AppError('not_found', 'No member with this id');
      return c.json(member, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "Change a member's role",
      request: {
        params: IdParamSchema,
        body: { content: { 'application/json': { schema: z.object({ role: RoleSchema }) } }, required: true },
      },
      responses: {
        200: jsonContent(MemberSchema, 'Updated'),
        404: problem('Not a member of this tenant'),
        409: problem('Would leave no tenant_admin'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const { id } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const [before] = await members(tenant.tenantId, id);
      if (!before) throw new AppError('not_found', 'No member with this id');
      if (before.role === 'tenant_admin' && role !== 'tenant_admin')
        await assertAnotherAdminRemains(tenant.tenantId, id);
      await tenant.update(memberships, { role }, eq(memberships.userId, id));
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: tenant.tenantId,
        action: 'user.role_changed',
        targetType: 'user',
        targetId: id,
        details: { from: before.role, to: role },
      });
      return c.json({ ...before, role }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a member from the tenant',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('Not a member of this tenant'),
        409: problem('Would leave no tenant_admin'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const { id } = c.req.valid('param');
      const [member] = await members(tenant.tenantId, id);
      if (!member) throw new AppError('not_found', 'No member with this id');
      if (member.role === 'tenant_admin') await assertAnotherAdminRemains(tenant.tenantId, id);
      await tenant.delete(memberships, eq(memberships.userId, id));
      await recordAudit(ctx.db, c, c.get('principal'), {
        tenantId: tenant.tenantId,
        action: 'user.removed',
        targetType: 'user',
        targetId: id,
        details: { email: member.email },
      });
      return c.body(null, 204);
    },
  );

  return router;
}
