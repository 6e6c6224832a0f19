import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { enqueueDrain } from '../assignment/assignment.jobs';
import { slaPolicies } from '../sla/sla.schema';
import { memberships } from '../tenants/tenants.schema';
import {
  MemberInputSchema,
  MemberParamsSchema,
  MemberSchema,
  memberView,
  TeamInputSchema,
  TeamPatchSchema,
  TeamSchema,
  teamView,
} from './teams.openapi';
import { teamMembers, teams } from './teams.schema';

const tags = ['teams'];
const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });

async function teamOrThrow(scope: TenantScope, id: string) {
  const [team] = await scope.select(teams, eq(teams.id, id));
  if (!team) throw new AppError('not_found', 'No team with this id');
  return team;
}

async function checkPolicy(scope: TenantScope, slaPolicyId: string | null | undefined) {
  if (!slaPolicyId) return;
  const [policy] = await scope.select(slaPolicies, eq(slaPolicies.id, slaPolicyId));
  if (!policy) throw invalid('slaPolicyId', 'no such SLA policy in this tenant');
}

/** `/v1/teams`: teams (inboxes) with members, their capacity per channel and the assignment mode. */
export function createTeamRoutes(ctx: AppContext) {
  const router = createRouter();
  const reader = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'supervisor', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: "The tenant's teams, newest first",
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(TeamSchema), 'A page of teams'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json(await c.get('tenant').page(teams, c.req.valid('query'), teamView), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Create a team',
      request: jsonBody(TeamInputSchema),
      responses: {
        201: jsonContent(TeamSchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const scope = c.get('tenant');
      await checkPolicy(scope, input.slaPolicyId);
      const row = await ctx.db.transaction(async (tx) => {
        if (input.isDefault)
          await tx.update(teams).set({ isDefault: false }).where(eq(teams.tenantId, scope.tenantId));
        const [created] = await tx
          .insert(teams)
          .values({ id: newId('team'), tenantId: scope.tenantId, ...input })
          .returning();
        return created!;
      });
      return c.json(teamView(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'One team',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TeamSchema, 'The team'),
        404: problem('No such team'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(teamView(await teamOrThrow(c.get('tenant'), c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Change a team (name, mode, channels, default, SLA policy, offline reassignment)',
      request: { params: IdParamSchema, ...jsonBody(TeamPatchSchema) },
      responses: {
        200: jsonContent(TeamSchema, 'The changed team'),
        404: problem('No such team'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const scope = c.get('tenant');
      await teamOrThrow(scope, id);
      await checkPolicy(scope, input.slaPolicyId);
      const row = await ctx.db.transaction(async (tx) => {
        if (input.isDefault)
          await tx.update(teams).set({ isDefault: false }).where(eq(teams.tenantId, scope.tenantId));
        const [changed] = await tx
          .update(teams)
          .set({ ...input, updatedAt: new Date() })
          .where(and(eq(teams.tenantId, scope.tenantId), eq(teams.id, id)))
          .returning();
        // A team that became automatic hands out its waiting conversations.
        if (changed!.assignmentMode !== 'manual') await enqueueDrain(ctx, tx, scope.tenantId);
        return changed!;
      });
      return c.json(teamView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Delete a team (its conversations keep their assignee and lose the team)',
      request: { params: IdParamSchema },
      responses: { 204: { description: 'Deleted' }, 404: problem('No such team'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const removed = await c.get('tenant').delete(teams, eq(teams.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No team with this id');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/members',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: "The team's members and their capacity",
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(z.object({ data: z.array(MemberSchema) }), 'The members'),
        404: problem('No such team'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const scope = c.get('tenant');
      const team = await teamOrThrow(scope, c.req.valid('param').id);
      const rows = await scope.select(teamMembers, eq(teamMembers.teamId, team.id), {
        orderBy: asc(teamMembers.userId),
      });
      return c.json({ data: rows.map(memberView) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/{id}/members/{userId}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a member, or change their capacity',
      request: { params: MemberParamsSchema, ...jsonBody(MemberInputSchema) },
      responses: {
        200: jsonContent(MemberSchema, 'The member'),
        404: problem('No such team or user in this tenant'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      const input = c.req.valid('json');
      const scope = c.get('tenant');
      const team = await teamOrThrow(scope, id);
      const [member] = await scope.select(memberships, eq(memberships.userId, userId));
      if (!member) throw new AppError('not_found', 'No user with this id in this tenant');
      const row = await ctx.db.transaction(async (tx) => {
        const [saved] = await tx
          .insert(teamMembers)
          .values({ tenantId: scope.tenantId, teamId: team.id, userId, ...input })
          .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: input })
          .returning();
        await enqueueDrain(ctx, tx, scope.tenantId);
        return saved!;
      });
      return c.json(memberView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}/members/{userId}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a member (their conversations stay assigned to them)',
      request: { params: MemberParamsSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such team or member'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      const removed = await c
        .get('tenant')
        .delete(teamMembers, and(eq(teamMembers.teamId, id), eq(teamMembers.userId, userId))!);
      if (removed.length === 0) throw new AppError('not_found', 'No such member of this team');
      return c.body(null, 204);
    },
  );

  return router;
}
