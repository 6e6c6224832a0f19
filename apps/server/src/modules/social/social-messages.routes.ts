import { createRoute } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { CHAT_PLATFORMS, type ChatPlatform } from '../../channels/chat/chat-provider';
import { AppError } from '../../platform/errors/app-error';
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
import type { MessageRow } from '../messages/message-view';
import { messages } from '../messages/messages.schema';
import { createOutboundMessage } from '../messages/send-message';
import { SocialMessageSchema, SocialMessagesQuerySchema, SocialSendSchema } from './social.openapi';
import { contentForSend, threadIdOf } from './social-content';

const tags = ['social'];

export function socialMessageView(row: MessageRow) {
  return {
    id: row.id,
    platform: row.channel as ChatPlatform,
    direction: row.direction,
    status: row.status,
    from: row.from,
    to: row.to,
    text: row.body,
    media: row.media,
    threadId: threadIdOf(row),
    content: row.content,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `/v1/social/send` and `/v1/social/messages`: chat messages through the one messages pipeline. */
export function createSocialMessageRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/send',
      tags,
      security: SECURITY,
      middleware: send,
      summary: 'Send a chat message (Slack, Discord, Telegram, Teams) from one of your chat accounts',
      description: 'The same as POST /v1/messages with `channel` set to the platform, plus its rich content.',
      request: jsonBody(SocialSendSchema),
      responses: {
        201: jsonContent(SocialMessageSchema, 'Accepted: queued'),
        422: problem('Invalid fields (each named), or no account on the platform to send from'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const content = contentForSend(input);
      // Rich layouts stand on their own: Slack blocks, Discord embeds/components, Teams cards.
      const rich = content.blocks ?? content.embeds ?? content.components ?? content.attachments;
      if (!input.text && input.media.length === 0 && !rich)
        throw new AppError('validation_failed', 'text: a message needs text, media or a rich layout', {
          details: { errors: [{ path: 'text', message: 'a message needs text, media or a rich layout' }] },
        });
      const tenantId = c.get('tenant').tenantId;
      const row = await ctx.db.transaction((tx) =>
        createOutboundMessage(
          ctx,
          tx,
          tenantId,
          {
            channel: input.platform,
            to: input.to,
            from: input.from,
            body: input.text,
            media: input.media,
            metadata: input.metadata,
          },
          { content },
        ),
      );
      return c.json(socialMessageView(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/messages',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List chat messages, newest first, by platform and direction',
      request: { query: SocialMessagesQuerySchema },
      responses: {
        200: jsonContent(page(SocialMessageSchema), 'A page of chat messages'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const condition = and(
        inArray(messages.channel, query.platform ? [query.platform] : [...CHAT_PLATFORMS]),
        query.direction ? eq(messages.direction, query.direction) : undefined,
      );
      return c.json(await c.get('tenant').page(messages, query, socialMessageView, condition), 200);
    },
  );

  return router;
}
