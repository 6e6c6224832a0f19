import { createRoute, z } from '@hono/zod-openapi';
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
import type { AppRouter } from '../../platform/http/app-env';
import { guard } from '../../platform/http/guard';
import { contacts } from '../contacts/contacts.schema';
import { actorOfPrincipal, requireUser, userIdOf } from './caller';
import { registerConversationMessageRoutes } from './conversation-messages.routes';
import { assignConversation, setConversationStatus } from './conversation-service';
import { ConversationSchema, conversationResource } from './conversation-view';
import { CONVERSATION_STATUSES, conversationReads, conversations } from './conversations.schema';
import { TimelineItemSchema, timelinePage } from './timeline';
import { UpdateConversationSchema, updateConversation } from './update-conversation';

const ConversationDetailSchema = ConversationSchema.extend({
  messages: z.array(TimelineItemSchema).openapi({ description: 'The newest timeline items, newest first' }),
  messagesNextCursor: z
    .string()
    .nullable()
    .openapi({ description: 'For older items: GET /{id}/messages?cursor=' }),
}).openapi('ConversationDetail');
const AssignSchema = z
  .object({
    assigneeId: z.string().max(64).nullable(),
    teamId: z.string().max(64).nullable().optional().openapi({ description: 'Omitted: the team stays' }),
  })
  .openapi('AssignConversation');
const StatusSchema = z
  .object({
    status: z.enum(CONVERSATION_STATUSES),
    snoozedUntil: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Required for snoozed' }),
  })
  .openapi('SetConversationStatus');
const tags = ['conversations'];

const withTenant = (id: string, tenantId: string) =>
  and(eq(conversations.tenantId, tenantId), eq(conversations.id, id), isNull(conversations.deletedAt));

/** `/v1/conversations/{id}…`: one conversation — read, update, assign, status, read mark, delete, messages. */
export function registerConversationItemRoutes(router: AppRouter, ctx: AppContext) {
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'messages:write' });
  const supervise = guard(ctx, { role: 'supervisor', scope: 'messages:write' });

  /** The conversation as the caller sees it: with its contact and the caller's unread flag. */
  async function resource(id: string, tenantId: string, userId: string | null) {
    const [row] = await ctx.db
      .select({
        conversation: conversations,
        contact: { id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone },
        lastReadAt: conversationReads.lastReadAt,
      })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .leftJoin(
        conversationReads,
        and(
          eq(conversationReads.conversationId, conversations.id),
          eq(conversationReads.userId, userId ?? ''),
        ),
      )
      .where(withTenant(id, tenantId));
    if (!row) throw new AppError('not_found', 'No conversation with this id');
    return conversationResource(row.conversation, { contact: row.contact, lastReadAt: row.lastReadAt });
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a conversation with its contact and newest messages, notes and activity',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ConversationDetailSchema, 'The conversation'),
        404: problem('No such conversation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const conversation = await resource(id, c.get('tenant').tenantId, userIdOf(c.get('principal')));
      const timeline = await timelinePage(ctx.db, id, { limit: 50 });
      return c.json(
        { ...conversation, messages: timeline.data, messagesNextCursor: timeline.nextCursor },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Set priority, tags, attributes or subject',
      request: { params: IdParamSchema, ...jsonBody(UpdateConversationSchema) },
      responses: {
        200: jsonContent(ConversationSchema, 'Updated'),
        404: problem('No such conversation in this tenant'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction((tx) =>
        updateConversation(tx, {
          tenantId,
          conversationId: id,
          changes: input,
          actor: actorOfPrincipal(c.get('principal')),
        }),
      );
      return c.json(await resource(id, tenantId, userIdOf(c.get('principal'))), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: supervise,
      summary: 'Delete a conversation (soft: hidden from the inbox, its messages stay in /v1/messages)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such conversation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const now = new Date();
      const deleted = await ctx.db
        .update(conversations)
        .set({ deletedAt: now, updatedAt: now })
        .where(withTenant(id, c.get('tenant').tenantId))
        .returning({ id: conversations.id });
      if (deleted.length === 0) throw new AppError('not_found', 'No conversation with this id');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}/assign',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Assign to an agent (null: unassign) and optionally a team',
      request: { params: IdParamSchema, ...jsonBody(AssignSchema) },
      responses: {
        200: jsonContent(ConversationSchema, 'Assigned'),
        404: problem('No such conversation in this tenant'),
        422: problem('The assignee is not a member of this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction((tx) =>
        assignConversation(ctx, tx, {
          tenantId,
          conversationId: id,
          assigneeUserId: input.assigneeId,
          teamId: input.teamId,
          actor: actorOfPrincipal(c.get('principal')),
        }),
      );
      return c.json(await resource(id, tenantId, userIdOf(c.get('principal'))), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}/status',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Open, pending, snoozed until a time, or closed',
      request: { params: IdParamSchema, ...jsonBody(StatusSchema) },
      responses: {
        200: jsonContent(ConversationSchema, 'Status set'),
        404: problem('No such conversation in this tenant'),
        422: problem('Invalid fields (snoozed needs a future snoozedUntil)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      await ctx.db.transaction((tx) =>
        setConversationStatus(ctx, tx, {
          tenantId,
          conversationId: id,
          status: input.status,
          snoozedUntil: input.snoozedUntil ? new Date(input.snoozedUntil) : null,
          actor: actorOfPrincipal(c.get('principal')),
        }),
      );
      return c.json(await resource(id, tenantId, userIdOf(c.get('principal'))), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/read',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Mark the conversation read by the calling agent',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ConversationSchema, 'Read'),
        404: problem('No such conversation in this tenant'),
        ...AUTHENTICATED_ERRORS,
        403: problem('Not allowed, or called with an API key: read marks are per agent'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = c.get('tenant').tenantId;
      // Existence first: another tenant's id is a 404 whoever asks.
      await resource(id, tenantId, null);
      const userId = requireUser(c.get('principal'), 'Marking read');
      const now = new Date();
      await ctx.db
        .insert(conversationReads)
        .values({ tenantId, conversationId: id, userId, lastReadAt: now })
        .onConflictDoUpdate({
          target: [conversationReads.conversationId, conversationReads.userId],
          set: { lastReadAt: now },
        });
      return c.json(await resource(id, tenantId, userId), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/messages',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'The timeline: messages, internal notes and activity, newest first',
      request: {
        params: IdParamSchema,
        query: PageQuerySchema.extend({ kind: z.enum(['message', 'note', 'activity']).optional() }),
      },
      responses: {
        200: jsonContent(page(TimelineItemSchema), 'A page of the timeline'),
        404: problem('No such conversation in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await resource(id, c.get('tenant').tenantId, null);
      return c.json(await timelinePage(ctx.db, id, c.req.valid('query')), 200);
    },
  );

  registerConversationMessageRoutes(router, ctx);
}
