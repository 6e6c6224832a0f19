import { createRoute } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
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
import { pageQuery, toPage } from '../../platform/http/paginate';
import { findTrunkRegistration } from './find-trunk-registration';
import { CreateTrunkSchema, trunkValues } from './trunk-input';
import { TrunkSchema, trunkView } from './trunk-view';
import { voiceTrunks } from './trunks.schema';

const tags = ['admin'];
const platformTrunk = (id: string) => and(eq(voiceTrunks.id, id), isNull(voiceTrunks.tenantId));

/**
 * `/v1/admin/voice/trunks` (platform admins): trunks without a tenant. Every tenant's outbound calls
 * may use them after the tenant's own trunks (select-trunks.ts); tenants never see them or their
 * credentials through the tenant API.
 */
export function createPlatformTrunkRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { platformAdmin: true });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'List the platform SIP trunks',
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(TrunkSchema), 'A page of platform trunks, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const q = pageQuery(voiceTrunks.id, query, isNull(voiceTrunks.tenantId));
      const rows = await ctx.db.select().from(voiceTrunks).where(q.where).orderBy(q.orderBy).limit(q.limit);
      return c.json(
        toPage(rows, query.limit, (row) => trunkView(row)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a platform SIP trunk (used by every tenant after its own trunks)',
      request: jsonBody(CreateTrunkSchema),
      responses: {
        201: jsonContent(TrunkSchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await ctx.db
        .insert(voiceTrunks)
        .values({ ...trunkValues(ctx.encryptor, c.req.valid('json')), tenantId: null })
        .returning();
      return c.json(trunkView(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Get a platform SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TrunkSchema, 'The trunk'),
        404: problem('No such platform trunk'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await ctx.db
        .select()
        .from(voiceTrunks)
        .where(platformTrunk(c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No platform trunk with this id');
      return c.json(trunkView(row, await findTrunkRegistration(ctx.db, row.id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a platform SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such platform trunk'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await ctx.db
        .delete(voiceTrunks)
        .where(platformTrunk(c.req.valid('param').id))
        .returning({ id: voiceTrunks.id });
      if (removed.length === 0) throw new AppError('not_found', 'No platform trunk with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
