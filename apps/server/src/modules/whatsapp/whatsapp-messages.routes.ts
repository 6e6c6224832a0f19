import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { isMetaWhatsApp } from '../../channels/whatsapp/meta/meta.adapter';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { MESSAGE_STATUSES } from '../messages/message-status';
import { messages } from '../messages/messages.schema';
import { lockMessage, transitionMessage } from '../messages/transition-message';
import { WINDOW_MS, windowView } from './customer-window';
import { whatsappWindows } from './whatsapp.schema';
import { WhatsAppMessageSchema, whatsappMessageResource } from './whatsapp-message.openapi';

const ListQuerySchema = PageQuerySchema.extend({
  direction: z.enum(['outbound', 'inbound']).optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  from: z.string().max(254).optional(),
  to: z.string().max(254).optional(),
});
const WindowSchema = z
  .object({
    id: z.string(),
    businessNumber: z.string(),
    contact: z.string(),
    lastInboundAt: z.string(),
    expiresAt: z.string(),
    open: z.boolean(),
  })
  .openapi('WhatsAppWindow');
const WindowQuerySchema = PageQuerySchema.extend({
  contact: z.string().max(32).optional(),
  businessNumber: z.string().max(32).optional(),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'Only windows open (or closed) now' }),
});
const tags = ['whatsapp'];

/** `/v1/whatsapp/messages` (list, mark read) and `/v1/whatsapp/windows` (the 24-hour windows). */
export function createWhatsAppMessageRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'messages:write' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/messages',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List WhatsApp messages, newest first, with their WhatsApp content',
      request: { query: ListQuerySchema },
      responses: {
        200: jsonContent(page(WhatsAppMessageSchema), 'A page of messages'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const filters: (SQL | undefined)[] = [
        eq(messages.channel, 'whatsapp'),
        q.direction ? eq(messages.direction, q.direction) : undefined,
        q.status ? eq(messages.status, q.status) : undefined,
        q.from ? eq(messages.from, q.from) : undefined,
        q.to ? eq(messages.to, q.to) : undefined,
      ];
      return c.json(await c.get('tenant').page(messages, q, whatsappMessageResource, and(...filters)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/messages/{id}/read',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Mark an inbound message (and the ones before it) as read: the contact sees blue ticks',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(WhatsAppMessageSchema, 'The message, now `read` (on the sandbox, only here)'),
        404: problem('No inbound WhatsApp message with this id in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const [row] = await c
        .get('tenant')
        .select(
          messages,
          and(eq(messages.id, id), eq(messages.channel, 'whatsapp'), eq(messages.direction, 'inbound')),
        );
      if (!row) throw new AppError('not_found', 'No inbound WhatsApp message with this id');
      const provider = row.provider ? ctx.messaging.router.provider('whatsapp', row.provider) : undefined;
      // WhatsApp first (blue ticks for the contact), then ours: a failure at Meta leaves it unread.
      if (provider && isMetaWhatsApp(provider) && row.providerMessageId)
        await provider.meta.markRead(row.providerMessageId, {
          signal: AbortSignal.timeout(ctx.config.messaging.providerTimeoutMs),
        });
      const updated = await ctx.db.transaction(async (tx) => {
        const locked = await lockMessage(tx, row.id);
        return locked && ((await transitionMessage(ctx, tx, locked, 'read', { source: 'api' })) ?? locked);
      });
      return c.json(whatsappMessageResource(updated ?? row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/windows',
      tags,
      security: SECURITY,
      middleware: read,
      summary: "The contacts' 24-hour customer service windows (free-form messages only while open)",
      request: { query: WindowQuerySchema },
      responses: { 200: jsonContent(page(WindowSchema), 'A page of windows'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const since = new Date(Date.now() - WINDOW_MS);
      const filters: (SQL | undefined)[] = [
        q.contact ? eq(whatsappWindows.contact, q.contact) : undefined,
        q.businessNumber ? eq(whatsappWindows.businessNumber, q.businessNumber) : undefined,
        q.open === 'true' ? gte(whatsappWindows.lastInboundAt, since) : undefined,
        q.open === 'false' ? lt(whatsappWindows.lastInboundAt, since) : undefined,
      ];
      const view = (row: typeof whatsappWindows.$inferSelect) => {
        const state = windowView(row.lastInboundAt);
        return {
          id: row.id,
          businessNumber: row.businessNumber,
          contact: row.contact,
          lastInboundAt: row.lastInboundAt.toISOString(),
          expiresAt: state.expiresAt!.toISOString(),
          open: state.open,
        };
      };
      return c.json(await c.get('tenant').page(whatsappWindows, q, view, and(...filters)), 200);
    },
  );
  return router;
}
