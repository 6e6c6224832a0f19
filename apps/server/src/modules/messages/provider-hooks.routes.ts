import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import {
  type ChannelKind,
  type ChannelProvider,
  ProviderError,
  type RawWebhook,
} from '../../channels/channel';
import { AppError } from '../../platform/errors/app-error';
import { jsonContent, problem } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { findRoutableSender } from '../numbers/find-sender';
import { recordStatusUpdates } from './apply-status-updates';
import { receiveInbound } from './receive-inbound';

const ParamsSchema = z.object({
  provider: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'provider', in: 'path' } }),
});
const ReceivedSchema = z.object({ received: z.number().int() });

type Parser = 'parseStatusWebhook' | 'parseInboundWebhook';

/**
 * `/hooks/{kind}/{provider}/status|inbound` (kind: sms, email, whatsapp, chat): provider webhooks. The adapter verifies the signature
 * over the raw bytes and normalizes; then the status pipeline (stored once, applied or held until its
 * send is stored) or the inbound pipeline (number lookup → tenant → stored). Forged requests, and
 * requests naming no provider that takes such webhooks, get 401: no key, nothing verifies.
 */
export function createProviderHookRoutes(ctx: AppContext, kind: ChannelKind) {
  const router = createRouter();

  async function parse<P extends Parser>(id: string, parser: P, raw: RawWebhook) {
    // A platform instance, or a tenant's own (`t_…`, from the database): then `tenantId` is its owner.
    const found = await ctx.messaging.router.resolve(kind, id);
    const provider = found?.provider as ChannelProvider<ChannelKind> | undefined;
    const parseWith = provider?.[parser]?.bind(provider);
    if (!provider || !parseWith) throw new AppError('unauthorized', 'The webhook signature does not verify');
    try {
      return {
        provider,
        ownerTenantId: found?.tenantId ?? null,
        parsed: (await parseWith(raw)) as Awaited<ReturnType<NonNullable<ChannelProvider<ChannelKind>[P]>>>,
      };
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'invalid_signature')
        throw new AppError('unauthorized', 'The webhook signature does not verify', { cause: error });
      throw new AppError('bad_request', 'The webhook payload could not be parsed', { cause: error });
    }
  }
  const rawOf = async (c: { req: { url: string; raw: Request; arrayBuffer(): Promise<ArrayBuffer> } }) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return { url: c.req.url, headers: c.req.raw.headers, body: new TextDecoder().decode(bytes), bytes };
  };

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{provider}/status',
      tags: [`${kind} provider webhooks`],
      summary: "A provider's status callback (signed by the provider)",
      request: { params: ParamsSchema },
      responses: {
        200: jsonContent(ReceivedSchema, 'Stored'),
        401: problem('Missing or invalid provider signature, or no such provider'),
      },
    }),
    async (c) => {
      const { parsed } = await parse(c.req.valid('param').provider, 'parseStatusWebhook', await rawOf(c));
      await recordStatusUpdates(ctx, parsed);
      return c.json({ received: parsed.length }, 200);
    },
  );

  // MessageBird sends its SMS status reports as GET requests (the report is the query string, the
  // signature covers the URL): the same pipeline, for providers that report that way.
  router.openapi(
    createRoute({
      method: 'get',
      path: '/{provider}/status',
      tags: [`${kind} provider webhooks`],
      summary: "A provider's status report sent as a GET request (signed by the provider)",
      request: { params: ParamsSchema },
      responses: {
        200: jsonContent(ReceivedSchema, 'Stored'),
        401: problem('Missing or invalid provider signature, or no such provider'),
      },
    }),
    async (c) => {
      const { parsed } = await parse(c.req.valid('param').provider, 'parseStatusWebhook', await rawOf(c));
      await recordStatusUpdates(ctx, parsed);
      return c.json({ received: parsed.length }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{provider}/inbound',
      tags: [`${kind} provider webhooks`],
      summary: 'A message to one of our numbers, from the provider that hosts it (signed by the provider)',
      request: { params: ParamsSchema },
      responses: {
        200: jsonContent(ReceivedSchema, 'Stored (a redelivery, or a number no tenant owns, is dropped)'),
        401: problem('Missing or invalid provider signature, or no such provider'),
      },
    }),
    async (c) => {
      const raw = await rawOf(c);
      const { provider, parsed, ownerTenantId } = await parse(
        c.req.valid('param').provider,
        'parseInboundWebhook',
        raw,
      );
      // One callback URL for every event (Bandwidth): the status events in it are recorded as well.
      if (provider.statusesOnInbound)
        await recordStatusUpdates(ctx, (await parse(provider.id, 'parseStatusWebhook', raw)).parsed);
      let received = 0;
      for (const message of parsed) {
        const result = await ctx.db.transaction(async (tx) => {
          // A tenant's own account speaks only for that tenant's numbers: its (tenant-chosen) secret
          // must not be able to put messages into another tenant's inbox.
          if (!ownerTenantId) return receiveInbound(ctx, tx, message);
          const owner = await findRoutableSender(tx, message.to);
          return owner?.tenantId === ownerTenantId ? receiveInbound(ctx, tx, message, { owner }) : undefined;
        });
        // Unowned numbers are acknowledged all the same: the provider would only retry forever.
        if (!result)
          c.get('logger').warn(
            { provider: provider.id, to: message.to },
            'inbound to a number no tenant owns',
          );
        else if (!result.duplicate) received++;
      }
      if (provider.inboundAck)
        return c.body(provider.inboundAck.body, 200, {
          'content-type': provider.inboundAck.contentType,
        }) as never;
      return c.json({ received }, 200);
    },
  );
  return router;
}
