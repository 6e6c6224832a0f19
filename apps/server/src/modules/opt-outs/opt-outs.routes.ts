import { createRoute, z } from '@hono/zod-openapi';
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
import { DEFAULT_HELP_REPLY } from './apply-keyword';
import { optOutSettings, optOuts } from './opt-outs.schema';

const OptOutSchema = z
  .object({
    id: z.string(),
    sender: z
      .string()
      .openapi({ description: 'The number opted out of, or `*` for every sender of the tenant' }),
    recipient: z.string(),
    keyword: z.string(),
    createdAt: z.string(),
  })
  .openapi('OptOut');
const SettingsSchema = z
  .object({ scope: z.enum(['sender', 'tenant']), helpReply: z.string().min(1).max(320) })
  .openapi('OptOutSettings');

const view = (row: typeof optOuts.$inferSelect) => ({
  id: row.id,
  sender: row.sender,
  recipient: row.recipient,
  keyword: row.keyword,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['opt-outs'];

/** `/v1/opt-outs`: who texted STOP, removal by an admin, and how keywords behave for the tenant. */
export function createOptOutRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List opted-out recipients, newest first',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(OptOutSchema), 'A page of opt-outs'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(optOuts, query, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove an opt-out (only with the recipient’s renewed consent)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such opt-out in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c.get('tenant').delete(optOuts, eq(optOuts.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No opt-out with this id');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Opt-out scope (per sender or tenant-wide) and the HELP reply',
      responses: { 200: jsonContent(SettingsSchema, 'The settings'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(optOutSettings);
      return c.json({ scope: row?.scope ?? 'sender', helpReply: row?.helpReply ?? DEFAULT_HELP_REPLY }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/settings',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Set the opt-out scope and the HELP reply',
      request: jsonBody(SettingsSchema),
      responses: {
        200: jsonContent(SettingsSchema, 'Saved'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db
        .insert(optOutSettings)
        .values({ tenantId, scope: input.scope, helpReply: input.helpReply })
        .onConflictDoUpdate({
          target: optOutSettings.tenantId,
          set: { scope: input.scope, helpReply: input.helpReply, updatedAt: new Date() },
        });
      return c.json(input, 200);
    },
  );

  return router;
}
