import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
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
import { slaPolicies } from './sla.schema';
import {
  SlaPolicyInputSchema,
  SlaPolicyPatchSchema,
  SlaPolicySchema,
  slaPolicyView,
} from './sla-policies.openapi';

const tags = ['sla'];

/**
 * `/v1/sla-policies`: first response, next response and resolution targets in business minutes.
 * A changed policy applies to clocks started after the change; running clocks keep their due time.
 */
export function createSlaPolicyRoutes(ctx: AppContext) {
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
      summary: "The tenant's SLA policies, newest first",
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(SlaPolicySchema), 'A page of policies'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json(await c.get('tenant').page(slaPolicies, c.req.valid('query'), slaPolicyView), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Create an SLA policy',
      request: jsonBody(SlaPolicyInputSchema),
      responses: {
        201: jsonContent(SlaPolicySchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction(async (tx) => {
        if (input.isDefault)
          await tx.update(slaPolicies).set({ isDefault: false }).where(eq(slaPolicies.tenantId, tenantId));
        const [created] = await tx
          .insert(slaPolicies)
          .values({ id: newId('sla'), tenantId, ...input })
          .returning();
        return created!;
      });
      return c.json(slaPolicyView(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'One SLA policy',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(SlaPolicySchema, 'The policy'),
        404: problem('No such policy'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(slaPolicies, eq(slaPolicies.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No SLA policy with this id');
      return c.json(slaPolicyView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Change an SLA policy',
      request: { params: IdParamSchema, ...jsonBody(SlaPolicyPatchSchema) },
      responses: {
        200: jsonContent(SlaPolicySchema, 'The changed policy'),
        404: problem('No such policy'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction(async (tx) => {
        if (input.isDefault)
          await tx.update(slaPolicies).set({ isDefault: false }).where(eq(slaPolicies.tenantId, tenantId));
        const [changed] = await tx
          .update(slaPolicies)
          .set({ ...input, updatedAt: new Date() })
          .where(and(eq(slaPolicies.tenantId, tenantId), eq(slaPolicies.id, id)))
          .returning();
        if (!changed) throw new AppError('not_found', 'No SLA policy with this id');
        return changed;
      });
      return c.json(slaPolicyView(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Delete an SLA policy (running clocks keep their due times)',
      request: { params: IdParamSchema },
      responses: { 204: { description: 'Deleted' }, 404: problem('No such policy'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const removed = await c.get('tenant').delete(slaPolicies, eq(slaPolicies.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No SLA policy with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
