import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
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
import { findTrunkRegistration } from './find-trunk-registration';
import { CreateTrunkSchema, trunkValues } from './trunk-input';
import { TrunkSchema, trunkView } from './trunk-view';
import { voiceTrunks } from './trunks.schema';

const tags = ['voice'];

/** `/v1/voice/trunks`: the tenant's SIP trunks to carriers, used by outbound calls. */
export function createTrunkRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "List the tenant's SIP trunks",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(TrunkSchema), 'A page of trunks, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) =>
      c.json(await c.get('tenant').page(voiceTrunks, c.req.valid('query'), (row) => trunkView(row)), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a SIP trunk (preset twilio, telnyx or generic)',
      request: jsonBody(CreateTrunkSchema),
      responses: {
        201: jsonContent(TrunkSchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .insert(voiceTrunks, trunkValues(ctx.encryptor, c.req.valid('json')));
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
      summary: 'Get a SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TrunkSchema, 'The trunk'),
        404: problem('No such trunk in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(voiceTrunks, eq(voiceTrunks.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No trunk with this id');
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
      summary: 'Remove a SIP trunk',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such trunk in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c.get('tenant').delete(voiceTrunks, eq(voiceTrunks.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No trunk with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
