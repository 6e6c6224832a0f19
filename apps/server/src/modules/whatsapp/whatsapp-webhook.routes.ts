import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { jsonContent, problem } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { receiveMetaWebhook, verifySubscription } from './receive-meta-webhook';

const instance = z.string().max(64).optional().openapi({
  description: 'The provider instance (MESSAGING_PROVIDERS id), when the payload should not pick it',
});
const VerifyQuerySchema = z.object({
  'hub.mode': z.string().optional().openapi({ example: 'subscribe' }),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().optional(),
  instance,
});
const ReceivedSchema = z.object({
  received: z.number().int().openapi({ description: 'New inbound messages stored' }),
  duplicates: z.number().int().openapi({ description: 'Redelivered inbound messages dropped' }),
  statuses: z.number().int().openapi({ description: 'New status updates recorded' }),
  templates: z.number().int().openapi({ description: 'Template copies whose status moved' }),
});
const tags = ['whatsapp webhook'];

/**
 * `/v1/whatsapp/webhook`: the callback URL of the Meta app. Public — Meta authenticates with the
 * verify token (GET handshake) and the X-Hub-Signature-256 of each notification (POST).
 */
export function createWhatsAppWebhookRoutes(ctx: AppContext) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/webhook',
      tags,
      summary: "Meta's subscription handshake: answers hub.challenge when hub.verify_token is ours",
      request: { query: VerifyQuerySchema },
      responses: {
        200: { description: 'The challenge, as is', content: { 'text/plain': { schema: z.string() } } },
        403: problem('Wrong verify token or mode'),
      },
    }),
    (c) => {
      // PHP-style proxies turn the dots into underscores: accept both.
      const q = (name: string) => c.req.query(`hub.${name}`) ?? c.req.query(`hub_${name}`);
      const challenge = verifySubscription(ctx, {
        mode: q('mode'),
        token: q('verify_token'),
        challenge: q('challenge'),
        instance: c.req.query('instance'),
      });
      return c.text(challenge, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhook',
      tags,
      summary:
        'Notifications from Meta (messages, statuses, template status updates), signed with X-Hub-Signature-256',
      request: { query: z.object({ instance }) },
      responses: {
        200: jsonContent(
          ReceivedSchema,
          'Processed (redeliveries and numbers nobody owns are acknowledged too)',
        ),
        400: problem('Signed, but not a WhatsApp Business Account notification'),
        401: problem('Missing or invalid signature, or no configured number it concerns'),
      },
    }),
    async (c) => {
      const raw = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
      const result = await receiveMetaWebhook(ctx, raw, {
        instance: c.req.valid('query').instance,
        logger: c.get('logger'),
      });
      return c.json(result, 200);
    },
  );
  return router;
}
