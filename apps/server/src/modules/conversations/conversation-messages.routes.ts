import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { MESSAGE_CHANNELS } from '../../channels/channel';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import type { AppRouter } from '../../platform/http/app-env';
import { guard } from '../../platform/http/guard';
import { actorOfPrincipal, userIdOf } from './caller';
import { lockConversation } from './conversation-service';
import { renderCannedResponse } from './render-canned-response';
import { addNote, replyToConversation } from './reply-to-conversation';
import { TimelineItemSchema, timelineItem } from './timeline';

const PostSchema = z
  .object({
    kind: z
      .enum(['message', 'note'])
      .default('message')
      .openapi({ description: '`note`: an internal note, never sent' }),
    body: z.string().max(10_000).optional(),
    cannedResponse: z
      .string()
      .max(100)
      .optional()
      .openapi({ description: 'A canned response shortcode: its body, variables filled, instead of `body`' }),
    media: z
      .array(z.url())
      .max(10)
      .default([])
      .openapi({ description: 'Attachments: media URLs of a message, or files linked from a note' }),
    channel: z
      .enum(MESSAGE_CHANNELS)
      .optional()
      .openapi({ description: 'Reply on another channel of the same contact (default: the conversation’s)' }),
    to: z
      .string()
      .max(254)
      .optional()
      .openapi({ description: 'One of the contact’s addresses on that channel' }),
    from: z
      .string()
      .max(254)
      .optional()
      .openapi({ description: 'One of your senders (default: the one the contact wrote to)' }),
    subject: z
      .string()
      .max(998)
      .optional()
      .openapi({ description: 'email: default Re: the conversation subject' }),
  })
  .openapi('PostConversationMessage');
const tags = ['conversations'];

/** POST `/v1/conversations/{id}/messages`: an agent's reply (sent) or internal note (never sent). */
export function registerConversationMessageRoutes(router: AppRouter, ctx: AppContext) {
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/messages',
      tags,
      security: SECURITY,
      middleware: send,
      summary:
        'Reply through the conversation’s channel (or another of the contact’s), or add an internal note',
      request: { params: IdParamSchema, ...jsonBody(PostSchema) },
      responses: {
        201: jsonContent(TimelineItemSchema, 'Queued (reply) or saved (note)'),
        404: problem('No such conversation in this tenant'),
        422: problem(
          'Invalid fields, or the channel refused the recipient: `recipient_opted_out`, suppressed email, closed WhatsApp window',
        ),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tenantId = c.get('tenant').tenantId;
      const actor = actorOfPrincipal(c.get('principal'));
      const item = await ctx.db.transaction(async (tx) => {
        // Existence first: another tenant's id is a 404 before any field is judged.
        const conversation = await lockConversation(tx, tenantId, id);
        let body = input.body;
        if (input.cannedResponse) {
          body = await renderCannedResponse(tx, {
            tenantId,
            shortcode: input.cannedResponse,
            conversation,
            agentUserId: userIdOf(c.get('principal')),
          });
        }
        if (input.kind === 'note') {
          if (!body?.trim())
            throw new AppError('validation_failed', 'body: a note needs text', {
              details: { errors: [{ path: 'body', message: 'a note needs text' }] },
            });
          const note = await addNote(ctx, tx, {
            tenantId,
            conversationId: id,
            body,
            attachments: input.media,
            actor,
          });
          return timelineItem(note, null);
        }
        const reply = await replyToConversation(ctx, tx, {
          tenantId,
          conversationId: id,
          reply: { ...input, body },
          actor,
        });
        return timelineItem(reply.item, reply.message);
      });
      return c.json(item, 201);
    },
  );
}
