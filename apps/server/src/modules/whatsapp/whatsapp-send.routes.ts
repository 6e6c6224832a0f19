import { createRoute, type z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import type { WhatsAppContent } from '../../channels/whatsapp/meta/whatsapp-content';
import type { Tx } from '../../platform/db/database';
import {
  AUTHENTICATED_ERRORS,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { assertPublicUrl } from '../../platform/http/ssrf-guard';
import { createOutboundMessage } from '../messages/send-message';
import { mediaRefOf, templateContentOf, wamidOf } from './whatsapp-content-of';
import { WhatsAppMessageSchema, whatsappMessageResource } from './whatsapp-message.openapi';
import {
  SendButtonsSchema,
  SendDocumentSchema,
  SendImageSchema,
  SendLocationSchema,
  SendReactionSchema,
  SendTemplateSchema,
  SendTextSchema,
} from './whatsapp-send.schema';

type Common = { from?: string; to: string; metadata: Record<string, unknown>; statusCallback?: string };
type Built = { content: WhatsAppContent; body?: string };

/**
 * `/v1/whatsapp/send/{text,template,image,document,buttons,location,reaction}`: one endpoint per
 * WhatsApp message type. Each becomes a message on channel `whatsapp` with its WhatsApp content and
 * goes through the same pipeline as `POST /v1/messages` (opt-outs, template check, 24-hour window).
 */
export function createWhatsAppSendRoutes(ctx: AppContext) {
  const router = createRouter();
  const send = guard(ctx, { role: 'agent', scope: 'messages:write', routeClass: 'send' });

  function route<S extends z.ZodType<Common>>(
    type: string,
    schema: S,
    summary: string,
    build: (tx: Tx, tenantId: string, request: z.infer<S>) => Promise<Built>,
  ) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/send/${type}`,
        tags: ['whatsapp'],
        security: SECURITY,
        middleware: send,
        summary,
        request: jsonBody(schema),
        responses: {
          201: jsonContent(WhatsAppMessageSchema, 'Accepted: queued'),
          422: problem(
            'Invalid fields (each named; a template that does not fit its synced template), `whatsapp_window_closed` (free-form outside the 24-hour window) or `recipient_opted_out`',
          ),
          ...AUTHENTICATED_ERRORS,
        },
      }),
      async (c) => {
        const request = c.req.valid('json' as never) as z.infer<S>;
        if (request.statusCallback)
          await assertPublicUrl(request.statusCallback, ctx.config.webhooks.allowPrivate);
        const tenantId = c.get('tenant').tenantId;
        const row = await ctx.db.transaction(async (tx) => {
          const { content, body } = await build(tx, tenantId, request);
          return createOutboundMessage(
            ctx,
            tx,
            tenantId,
            {
              channel: 'whatsapp',
              from: request.from,
              to: request.to,
              body,
              media: [],
              metadata: request.metadata,
              statusCallback: request.statusCallback,
            },
            { content },
          );
        });
        return c.json(whatsappMessageResource(row), 201) as never;
      },
    );
  }

  const quoting = async (tx: Tx, tenantId: string, replyTo?: string) =>
    replyTo ? { replyTo: await wamidOf(tx, tenantId, replyTo, 'replyTo') } : {};

  route(
    'text',
    SendTextSchema,
    'Send a text message (inside the 24-hour window)',
    async (tx, tenantId, r) => ({
      content: { type: 'text', previewUrl: r.previewUrl, ...(await quoting(tx, tenantId, r.replyTo)) },
      body: r.body,
    }),
  );
  route(
    'template',
    SendTemplateSchema,
    'Send an approved template (the only message allowed outside the 24-hour window)',
    async (tx, tenantId, r) => ({
      content: { type: 'template', template: await templateContentOf(tx, tenantId, r.template) },
    }),
  );
  route('image', SendImageSchema, 'Send an image (JPEG or PNG, up to 5 MB)', async (tx, tenantId, r) => ({
    content: {
      type: 'image',
      media: await mediaRefOf(tx, tenantId, r, ['image']),
      ...(await quoting(tx, tenantId, r.replyTo)),
    },
    body: r.caption,
  }));
  route(
    'document',
    SendDocumentSchema,
    'Send a document (PDF, Office, text; up to 100 MB)',
    async (tx, tenantId, r) => ({
      content: {
        type: 'document',
        media: await mediaRefOf(tx, tenantId, r, ['document']),
        ...(await quoting(tx, tenantId, r.replyTo)),
      },
      body: r.caption,
    }),
  );
  route('buttons', SendButtonsSchema, 'Send up to three reply buttons', async (tx, tenantId, r) => {
    const header = r.header;
    return {
      content: {
        type: 'buttons',
        header:
          header?.type === 'text' || !header
            ? header
            : {
                type: header.type,
                media: await mediaRefOf(tx, tenantId, header, [header.type], 'header.mediaId'),
              },
        footer: r.footer,
        buttons: r.buttons,
        ...(await quoting(tx, tenantId, r.replyTo)),
      },
      body: r.body,
    };
  });
  route('location', SendLocationSchema, 'Send a location pin', async (tx, tenantId, r) => ({
    content: {
      type: 'location',
      location: { latitude: r.latitude, longitude: r.longitude, name: r.name, address: r.address },
      ...(await quoting(tx, tenantId, r.replyTo)),
    },
    body: r.name,
  }));
  route(
    'reaction',
    SendReactionSchema,
    'React to a message with an emoji (empty removes it)',
    async (tx, tenantId, r) => ({
      content: {
        type: 'reaction',
        reaction: { messageId: await wamidOf(tx, tenantId, r.messageId, 'messageId'), emoji: r.emoji },
      },
      body: r.emoji,
    }),
  );
  return router;
}
