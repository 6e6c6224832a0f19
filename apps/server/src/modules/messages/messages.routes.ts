import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { MESSAGE_CHANNELS } from '../../channels/channel';
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
import { assertPublicUrl } from '../../platform/http/ssrf-guard';
import { cancelMessage } from './cancel-message';
import { MessageSchema } from './message.openapi';
import { MESSAGE_STATUSES } from './message-status';
import { messageResource } from './message-view';
import { messages } from './messages.schema';
import { createOutboundMessage } from './send-message';
import { SendMessageSchema } from './send-message.schema';

const ListQuerySchema = PageQuerySchema.extend({
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
  from: z.string().max(254).optional(),
  to: z.string().max(254).optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
});
const tags = ['messages'];

/** `/v1/messages`: send on any channel, list and filter, read one with its history and routing, cancel. */
export function createMessageRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: send,
      summary: 'Send a message (queued now, or scheduled with sendAt)',
      request: jsonBody(SendMessageSchema),
      responses: {
        201: jsonContent(MessageSchema, 'Accepted: queued or scheduled'),
        422: problem('Invalid fields (each named), or `recipient_opted_out`'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      // A status callback is a tenant URL we will call: the same SSRF guard as webhook endpoints.
      if (input.statusCallback) await assertPublicUrl(input.statusCallback, ctx.config.webhooks.allowPrivate);
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction((tx) => createOutboundMessage(ctx, tx, tenantId, input));
      return c.json(messageResource(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List messages, newest first, filtered by channel, status, direction, from, to and time',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(MessageSchema), 'A page of messages'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filters: (SQL | undefined)[] = [
        query.channel ? eq(messages.channel, query.channel) : undefined,
        query.status ? eq(messages.status, query.status) : undefined,
        query.direction ? eq(messages.direction, query.direction) : undefined,
        query.from ? eq(messages.from, query.from) : undefined,
        query.to ? eq(messages.to, query.to) : undefined,
        query.createdAfter ? gte(messages.createdAt, new Date(query.createdAfter)) : undefined,
        query.createdBefore ? lt(messages.createdAt, new Date(query.createdBefore)) : undefined,
      ];
      return c.json(await c.get('tenant').page(messages, query, messageResource, and(...filters)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a message with its status history and routing decisions',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(MessageSchema, 'The message'),
        404: problem('No such message in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(messages, eq(messages.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No message with this id');
      return c.json(messageResource(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/cancel',
      tags,
      security: SECURITY,
      middleware: send,
      summary: 'Cancel a scheduled message',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(MessageSchema, 'Canceled'),
        404: problem('No such message in this tenant'),
        409: problem('The message is not scheduled (any more)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const row = await cancelMessage(ctx, c.get('tenant').tenantId, c.req.valid('param').id);
      return c.json(messageResource(row), 200);
    },
  );

  return router;
}
