import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { CHANNEL_KINDS, kindOf, MESSAGE_CHANNELS } from '../../channels/channel';
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
import { routingRules } from './routing-rules.schema';

const CreateRoutingRuleSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    channel: z.enum(MESSAGE_CHANNELS).optional(),
    prefixes: z
      .array(z.string().regex(/^\+\d{1,15}$/, 'must be + and digits'))
      .max(100)
      .default([]),
    providers: z.array(z.string().min(1).max(64)).min(1).max(10),
  })
  .superRefine((input, context) => {
    if (input.channel && kindOf(input.channel) !== input.kind)
      context.addIssue({ code: 'custom', path: ['channel'], message: `is not a ${input.kind} channel` });
  })
  .openapi('CreateRoutingRule');
const RoutingRuleSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    channel: z.enum(MESSAGE_CHANNELS).nullable(),
    prefixes: z.array(z.string()),
    providers: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('RoutingRule');

const view = (row: typeof routingRules.$inferSelect) => ({
  id: row.id,
  kind: row.kind as z.infer<typeof RoutingRuleSchema>['kind'],
  channel: row.channel as z.infer<typeof RoutingRuleSchema>['channel'],
  prefixes: row.prefixes,
  providers: row.providers,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['routing'];

/**
 * `/v1/routing-rules`: the tenant's override of the platform's routing. The most specific rule wins,
 * and any rule of the tenant outranks the platform's; its providers are then ordered by price.
 */
export function createRoutingRuleRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "List the tenant's routing rules",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(RoutingRuleSchema), 'A page of rules, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(routingRules, query, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a routing rule: these providers for this channel kind (and destination prefixes)',
      request: jsonBody(CreateRoutingRuleSchema),
      responses: {
        201: jsonContent(RoutingRuleSchema, 'Created'),
        422: problem('Invalid fields, or a provider that does not carry this kind'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      // The platform's instances and this tenant's own (`t_…`); another tenant's are not found.
      const found = await Promise.all(
        input.providers.map((id) => ctx.messaging.router.resolve(input.kind, id, tenantId)),
      );
      const unknown = input.providers.filter((_, i) => !found[i]);
      if (unknown.length > 0)
        throw new AppError(
          'validation_failed',
          `providers: no ${input.kind} provider ${unknown.join(', ')}`,
          {
            details: {
              errors: [
                { path: 'providers', message: `${unknown.join(', ')}: no such ${input.kind} provider` },
              ],
            },
          },
        );
      const [row] = await c.get('tenant').insert(routingRules, {
        id: newId('rtr'),
        kind: input.kind,
        channel: input.channel ?? null,
        prefixes: input.prefixes,
        providers: input.providers,
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a routing rule',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such rule in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c
        .get('tenant')
        .delete(routingRules, eq(routingRules.id, c.req.valid('param').id));
      if (removed.length === 0) throw new AppError('not_found', 'No routing rule with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
