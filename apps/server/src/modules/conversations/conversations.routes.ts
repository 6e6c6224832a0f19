import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { userIdOf } from './caller';
import { registerConversationItemRoutes } from './conversation.routes';
import { ConversationStatsSchema, conversationStats } from './conversation-stats';
import { ConversationSchema } from './conversation-view';
import { inboxSettings } from './conversations.schema';
import { groupingOf } from './inbox-settings';
import { ConversationListQuerySchema, listConversations } from './list-conversations';
import { SearchHitSchema, searchConversations } from './search-conversations';

const SettingsSchema = z
  .object({
    grouping: z.enum(['channel', 'contact']).openapi({
      description:
        '`channel`: inbound joins the contact’s open conversation on that channel; `contact`: one open conversation per contact across channels',
    }),
  })
  .openapi('InboxSettings');
const SearchQuerySchema = z.object({
  q: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const tags = ['conversations'];

/** `/v1/conversations`: the unified inbox — list and filter, ranked search, stats, settings, one conversation. */
export function createConversationRoutes(ctx: AppContext) {
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
      summary:
        'List conversations, newest first, filtered by channel, status, priority, assignee, team, tag, text',
      request: { query: ConversationListQuerySchema },
      responses: {
        200: jsonContent(page(ConversationSchema), 'A page of conversations'),
        422: problem('Invalid filter'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const userId = userIdOf(c.get('principal'));
      return c.json(await listConversations(ctx.db, c.get('tenant'), c.req.valid('query'), userId), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/stats',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Counts for the inbox cards: open, pending, unassigned, assigned to me, unread, SLA breached',
      responses: { 200: jsonContent(ConversationStatsSchema, 'The counts'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const userId = userIdOf(c.get('principal'));
      return c.json(await conversationStats(ctx.db, c.get('tenant'), userId), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Full-text search over messages, notes and contacts, best match first',
      request: { query: SearchQuerySchema },
      responses: {
        200: jsonContent(z.object({ data: z.array(SearchHitSchema) }), 'Ranked conversations'),
        422: problem('Invalid query'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const userId = userIdOf(c.get('principal'));
      return c.json(await searchConversations(ctx.db, c.get('tenant'), { ...query, userId }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'How inbound messages group into conversations',
      responses: { 200: jsonContent(SettingsSchema, 'The settings'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json({ grouping: await groupingOf(ctx.db, c.get('tenant').tenantId) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/settings',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Set how inbound messages group into conversations',
      request: jsonBody(SettingsSchema),
      responses: {
        200: jsonContent(SettingsSchema, 'Saved'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await ctx.db
        .insert(inboxSettings)
        .values({ tenantId: c.get('tenant').tenantId, grouping: input.grouping })
        .onConflictDoUpdate({
          target: inboxSettings.tenantId,
          set: { grouping: input.grouping, updatedAt: new Date() },
        });
      return c.json(input, 200);
    },
  );

  // After the fixed paths above: `/{id}` would otherwise answer for /stats, /search, /settings.
  registerConversationItemRoutes(router, ctx);
  return router;
}
