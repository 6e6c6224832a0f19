import { createRoute, z } from '@hono/zod-openapi';
import { eq, like } from 'drizzle-orm';
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
import { userIdOf } from './caller';
import { lockConversation } from './conversation-service';
import { cannedResponses } from './conversations.schema';
import { fillVariables, variablesFor } from './render-canned-response';

const CannedResponseSchema = z
  .object({
    id: z.string(),
    shortcode: z.string(),
    title: z.string(),
    body: z.string().openapi({
      description:
        'Text with variables: {{contact.name}}, {{contact.firstName}}, {{contact.email}}, {{contact.phone}}, {{contact.attributes.<key>}}, {{conversation.id}}, {{conversation.subject}}, {{agent.name}}',
    }),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CannedResponse');
const shortcode = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,49}$/i,
    'letters, digits, - and _ (at most 50), starting with a letter or digit',
  )
  .transform((value) => value.toLowerCase());
const CreateSchema = z
  .object({ shortcode, title: z.string().trim().min(1).max(200), body: z.string().min(1).max(10_000) })
  .openapi('CreateCannedResponse');
const UpdateSchema = CreateSchema.partial().openapi('UpdateCannedResponse');
const RenderSchema = z.object({ conversationId: z.string().max(64) }).openapi('RenderCannedResponse');

const view = (row: typeof cannedResponses.$inferSelect) => ({
  id: row.id,
  shortcode: row.shortcode,
  title: row.title,
  body: row.body,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const tags = ['canned-responses'];
const notFound = () => new AppError('not_found', 'No canned response with this id');

/** `/v1/canned-responses`: saved replies agents insert by shortcode, with variables filled per conversation. */
export function createCannedResponseRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const manage = guard(ctx, { role: 'supervisor', scope: 'messages:write' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List canned responses, newest first; `shortcode` filters by prefix (as the agent types)',
      request: { query: PageQuerySchema.extend({ shortcode: z.string().max(50).optional() }) },
      responses: { 200: jsonContent(page(CannedResponseSchema), 'A page'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const prefix = query.shortcode?.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`);
      const condition = prefix !== undefined ? like(cannedResponses.shortcode, `${prefix}%`) : undefined;
      return c.json(await c.get('tenant').page(cannedResponses, query, view, condition), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: manage,
      summary: 'Create a canned response',
      request: jsonBody(CreateSchema),
      responses: {
        201: jsonContent(CannedResponseSchema, 'Created'),
        409: problem('The shortcode is taken'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const [row] = await c.get('tenant').insert(cannedResponses, {
        id: newId('cr'),
        ...input,
        createdBy: userIdOf(c.get('principal')),
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a canned response',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(CannedResponseSchema, 'The canned response'),
        404: problem('No such canned response in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(cannedResponses, eq(cannedResponses.id, c.req.valid('param').id));
      if (!row) throw notFound();
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: manage,
      summary: 'Change a canned response',
      request: { params: IdParamSchema, ...jsonBody(UpdateSchema) },
      responses: {
        200: jsonContent(CannedResponseSchema, 'Updated'),
        404: problem('No such canned response in this tenant'),
        409: problem('The shortcode is taken'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const [row] = await c
        .get('tenant')
        .update(
          cannedResponses,
          { ...input, updatedAt: new Date() },
          eq(cannedResponses.id, c.req.valid('param').id),
        );
      if (!row) throw notFound();
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: manage,
      summary: 'Delete a canned response',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such canned response in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const removed = await c
        .get('tenant')
        .delete(cannedResponses, eq(cannedResponses.id, c.req.valid('param').id));
      if (removed.length === 0) throw notFound();
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/render',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'The canned response’s text with its variables filled for a conversation (nothing is sent)',
      request: { params: IdParamSchema, ...jsonBody(RenderSchema) },
      responses: {
        200: jsonContent(z.object({ body: z.string() }).openapi('RenderedCannedResponse'), 'The filled text'),
        404: problem('No such canned response or conversation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const [row] = await tenant.select(cannedResponses, eq(cannedResponses.id, c.req.valid('param').id));
      if (!row) throw notFound();
      const { conversationId } = c.req.valid('json');
      const body = await ctx.db.transaction(async (tx) => {
        const conversation = await lockConversation(tx, tenant.tenantId, conversationId);
        return fillVariables(row.body, await variablesFor(tx, conversation, userIdOf(c.get('principal'))));
      });
      return c.json({ body }, 200);
    },
  );

  return router;
}
