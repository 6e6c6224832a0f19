import { createRoute } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { ProviderError } from '../../channels/channel';
import {
  CHAT_PLATFORMS,
  type ChatPlatform,
  type ChatWebhookProvider,
  isChatWebhookProvider,
} from '../../channels/chat/chat-provider';
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
import {
  addChannelAccount,
  type ChannelAccount,
  findChannelAccount,
  pageChannelAccounts,
  removeChannelAccount,
} from '../numbers/channel-accounts';
import { CreateSocialAccountSchema, SocialAccountSchema, WebhookRegistrationSchema } from './social.openapi';

const tags = ['social'];
const PLATFORM_TIMEOUT_MS = 10_000;

/** The URL a platform must post to for an account (Telegram's names its bot). */
export function webhookUrlOf(publicUrl: string, platform: ChatPlatform, address: string): string {
  const base = `${publicUrl}/v1/social/webhook/${platform}`;
  return platform === 'telegram' ? `${base}/${address.split(':')[1]}` : base;
}

/** A platform's refusal or outage while setting up an account, as an API error. */
function platformError(error: unknown): AppError {
  if (!(error instanceof ProviderError))
    return new AppError('internal', 'Setting up the account failed', { cause: error });
  if (error.retryable)
    return new AppError('service_unavailable', `The platform is unavailable: ${error.message}`, {
      cause: error,
    });
  return new AppError('validation_failed', `provider: the platform refused: ${error.message}`, {
    cause: error,
    details: { errors: [{ path: 'provider', message: error.message }] },
  });
}

/** `/v1/social/accounts`: the tenant's chat accounts (senders of kind channel_account). */
export function createSocialAccountRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });
  const publicUrl = ctx.config.http.publicUrl;

  const view = (row: ChannelAccount) => {
    const platform = (row.capabilities.find((c) => (CHAT_PLATFORMS as readonly string[]).includes(c)) ??
      'slack') as ChatPlatform;
    return {
      id: row.id,
      platform,
      address: row.address,
      provider: row.provider,
      label: row.label,
      webhookUrl: webhookUrlOf(publicUrl, platform, row.address),
      createdAt: row.createdAt.toISOString(),
    };
  };

  const instanceOf = (platform: ChatPlatform, id: string): ChatWebhookProvider | undefined => {
    const provider = ctx.messaging.router.provider('chat', id);
    return provider && isChatWebhookProvider(provider) && provider.platform === platform
      ? provider
      : undefined;
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: "List the tenant's chat accounts (Slack, Discord, Telegram, Teams)",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(SocialAccountSchema), 'A page of accounts'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) =>
      c.json(await pageChannelAccounts(c.get('tenant'), c.req.valid('query'), view, CHAT_PLATFORMS), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "Add the bot of a configured provider instance as one of the tenant's chat accounts",
      description:
        'Asks the platform who the bot is (its address) and, for Telegram, sets its webhook with the secret token.',
      request: jsonBody(CreateSocialAccountSchema),
      responses: {
        201: jsonContent(SocialAccountSchema, 'Created'),
        409: problem('This account already belongs to a tenant'),
        422: problem('No such provider instance for the platform, or the platform refused its credentials'),
        503: problem('The platform could not be reached'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const provider = instanceOf(input.platform, input.provider);
      if (!provider)
        throw new AppError(
          'validation_failed',
          `provider: no ${input.platform} provider "${input.provider}"`,
          {
            details: {
              errors: [{ path: 'provider', message: `is not a configured ${input.platform} provider` }],
            },
          },
        );
      const signal = AbortSignal.timeout(PLATFORM_TIMEOUT_MS);
      const account = await provider.describeAccount({ signal }).catch((error) => {
        throw platformError(error);
      });
      if (input.registerWebhook && provider.registerWebhook)
        await provider
          .registerWebhook(webhookUrlOf(publicUrl, input.platform, account.address), { signal })
          .catch((error) => {
            throw platformError(error);
          });
      const row = await addChannelAccount(c.get('tenant'), {
        channel: input.platform,
        address: account.address,
        provider: provider.id,
        label: input.label ?? account.label,
      });
      return c.json(view(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a chat account (its inbound traffic is then dropped)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such chat account in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      if (!(await removeChannelAccount(c.get('tenant'), c.req.valid('param').id)))
        throw new AppError('not_found', 'No chat account with this id');
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/webhook',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "Point the platform's webhook at IRIS (Telegram setWebhook with the secret token)",
      description:
        'Slack, Discord and Teams take the URL in their own consoles: the answer gives it with registered=false.',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(WebhookRegistrationSchema, 'Registered, or what to configure by hand'),
        404: problem('No such chat account in this tenant'),
        422: problem('The platform refused the bot credentials'),
        503: problem('The platform could not be reached'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const row = await findChannelAccount(c.get('tenant'), c.req.valid('param').id);
      if (!row) throw new AppError('not_found', 'No chat account with this id');
      const account = view(row);
      const provider = instanceOf(account.platform, row.provider);
      if (!provider?.registerWebhook)
        return c.json(
          {
            webhookUrl: account.webhookUrl,
            registered: false,
            detail: `Set this URL in the ${account.platform} app's settings (request URL / messaging endpoint).`,
          },
          200,
        );
      await provider
        .registerWebhook(account.webhookUrl, { signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS) })
        .catch((error) => {
          throw platformError(error);
        });
      return c.json({ webhookUrl: account.webhookUrl, registered: true, detail: 'Webhook set' }, 200);
    },
  );

  return router;
}
