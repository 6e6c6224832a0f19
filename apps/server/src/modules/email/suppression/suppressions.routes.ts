import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { AppError } from '../../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { emailSuppressions, SUPPRESSION_REASONS } from '../email.schema';
import { normalizeAddress, suppressAddress } from './suppressions';

const SuppressionSchema = z
  .object({
    id: z.string(),
    address: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    detail: z.string().nullable(),
    messageId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('EmailSuppression');
const CreateSuppressionSchema = z
  .object({ address: z.email().max(254), detail: z.string().max(500).optional() })
  .openapi('CreateEmailSuppression');
const ListQuerySchema = PageQuerySchema.extend({
  reason: z.enum(SUPPRESSION_REASONS).optional(),
  address: z.string().max(254).optional(),
});

type Row = typeof emailSuppressions.$inferSelect;
const view = (row: Row) => ({
  id: row.id,
  address: row.address,
  reason: row.reason,
  detail: row.detail,
  messageId: row.messageId,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['email suppressions'];

/** `/v1/email/suppressions`: who is never emailed (bounces, complaints and unsubscribes land here by themselves). */
export function createSuppressionRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'supervisor', scope: 'messages:write' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List suppressed addresses, newest first, by reason or address',
      request: { query: ListQuerySchema },
      responses: {
        200: jsonContent(page(SuppressionSchema), 'A page of suppressions'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filter = and(
        query.reason ? eq(emailSuppressions.reason, query.reason) : undefined,
        query.address ? eq(emailSuppressions.address, normalizeAddress(query.address)) : undefined,
      );
      return c.json(await c.get('tenant').page(emailSuppressions, query, view, filter), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Suppress an address by hand (reason `manual`)',
      request: jsonBody(CreateSuppressionSchema),
      responses: {
        201: jsonContent(SuppressionSchema, 'Suppressed'),
        200: jsonContent(SuppressionSchema, 'Already suppressed (its first reason is kept)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenant = c.get('tenant');
      const created = await suppressAddress(ctx.db, {
        tenantId: tenant.tenantId,
        address: input.address,
        reason: 'manual',
        detail: input.detail,
      });
      if (created) return c.json(view(created), 201);
      const [existing] = await tenant.select(
        emailSuppressions,
        eq(emailSuppressions.address, normalizeAddress(input.address)),
      );
      return c.json(view(existing!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get one suppression',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(SuppressionSchema, 'The suppression'),
        404: problem('No such suppression in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(emailSuppressions, eq(emailSuppressions.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No suppression with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Remove a suppression: the address may be emailed again',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such suppression in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const deleted = await c
        .get('tenant')
        .delete(emailSuppressions, eq(emailSuppressions.id, c.req.valid('param').id));
      if (deleted.length === 0) throw new AppError('not_found', 'No suppression with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
