import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppContext } from '../../app-context';
import { type ChatPlatform, isChatWebhookProvider } from '../../channels/chat/chat-provider';
import { jsonContent, problem } from '../../platform/http/api-schemas';
import type { AppEnv } from '../../platform/http/app-env';
import { createRouter } from '../../platform/http/create-app';
import { receiveChatWebhook } from './receive-chat-webhook';

const ReceivedSchema = z.object({ received: z.number().int() });
const TokenParamSchema = z.object({
  token: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'token', in: 'path' }, description: 'The bot id (or the instance id)' }),
});

const SUMMARIES: Record<ChatPlatform, string> = {
  slack: 'Slack Events API and interactivity (v0 signature; url_verification answered)',
  discord: 'Discord interactions endpoint (Ed25519 signature; PING answered PONG)',
  telegram: 'Telegram bot updates (X-Telegram-Bot-Api-Secret-Token)',
  teams: 'Microsoft Teams activities (Bot Framework JWT)',
};

/**
 * `/v1/social/webhook/{slack,discord,teams,telegram/{token}}`: the URLs users already configured in
 * each platform. Public — each request proves itself with the platform's signature or token.
 */
export function createSocialWebhookRoutes(ctx: AppContext) {
  const router = createRouter();

  const instances = (platform: ChatPlatform) =>
    ctx.messaging.router
      .providers()
      .filter(isChatWebhookProvider)
      .filter((p) => p.platform === platform);

  async function handle(c: Context<AppEnv>, platform: ChatPlatform, token?: string) {
    const raw = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
    // Telegram names its bot in the URL; the others are told apart by whose signature verifies.
    const candidates = instances(platform).filter(
      (p) => token === undefined || p.webhookToken === token || p.id === token,
    );
    const { outcome, received } = await receiveChatWebhook(ctx, candidates, raw, c.get('logger'));
    if (outcome.reply)
      return c.body(outcome.reply.body, outcome.reply.status as 200, {
        'content-type': outcome.reply.contentType,
      });
    return c.json({ received }, 200);
  }

  for (const platform of ['slack', 'discord', 'teams'] as const)
    router.openapi(
      createRoute({
        method: 'post',
        path: `/${platform}`,
        tags: ['social webhooks'],
        summary: SUMMARIES[platform],
        responses: {
          200: jsonContent(ReceivedSchema, "Stored (or the platform's expected answer)"),
          401: problem('Missing or invalid signature'),
        },
      }),
      (c) => handle(c, platform) as never,
    );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/telegram/{token}',
      tags: ['social webhooks'],
      summary: SUMMARIES.telegram,
      request: { params: TokenParamSchema },
      responses: {
        200: jsonContent(ReceivedSchema, 'Stored'),
        401: problem('Missing or wrong secret token, or no such bot'),
      },
    }),
    (c) => handle(c, 'telegram', c.req.valid('param').token) as never,
  );

  return router;
}
