import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { ProviderError, type RawWebhook, type StatusUpdate } from '../../../channels/channel';
import { type EmailProvider, statusUpdateOf } from '../../../channels/email/email-provider';
import { AppError } from '../../../platform/errors/app-error';
import { jsonContent, problem } from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { recordStatusUpdates } from '../../messages/apply-status-updates';
import { messages } from '../../messages/messages.schema';
import { recordEngagement } from './record-engagement';

const ParamsSchema = z.object({
  provider: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'provider', in: 'path' } }),
});
const ResultSchema = z.object({
  received: z.number().int(),
  recorded: z
    .number()
    .int()
    .openapi({ description: 'New engagement events (repeats and unknown emails are not)' }),
});

/** Runs an adapter's verifier, mapping a forged request to 401 and an unreadable one to 400. */
async function verified<T>(parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'invalid_signature')
      throw new AppError('unauthorized', 'The webhook signature does not verify', { cause: error });
    throw new AppError('bad_request', 'The webhook payload could not be parsed', { cause: error });
  }
}

/**
 * `POST /hooks/email/{provider}/events`: a provider's event webhook (SendGrid Event Webhook, Mailgun,
 * Postmark, SES via SNS). The adapter verifies and normalizes; each event is then recorded once per
 * event key as engagement (email.* event, suppression on hard bounce / complaint / unsubscribe) and
 * its status meaning (delivered, bounced, deferred) goes through the message status pipeline.
 */
export function createEngagementHookRoutes(ctx: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/{provider}/events',
      tags: ['email provider webhooks'],
      summary:
        "A provider's email event webhook: deliveries, opens, clicks, bounces, complaints, unsubscribes (signed by the provider)",
      request: { params: ParamsSchema },
      responses: {
        200: jsonContent(ResultSchema, 'Stored'),
        400: problem('The payload could not be parsed'),
        401: problem('Missing or invalid provider signature, or no such provider'),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').provider;
      const provider = ctx.messaging.router.provider('email', id) as EmailProvider | undefined;
      if (!provider?.parseEngagementWebhook)
        throw new AppError('unauthorized', 'The webhook signature does not verify');
      const raw: RawWebhook = { url: c.req.url, headers: c.req.raw.headers, body: await c.req.text() };
      const events = await verified(() => provider.parseEngagementWebhook!(raw));
      // Status-only events (drops, rejections) come from the status parser of the same request.
      const statusOnly = provider.parseStatusWebhook
        ? await verified(() => provider.parseStatusWebhook!(raw))
        : [];
      const statuses = [...events.map(statusUpdateOf), ...statusOnly].filter(
        (s): s is StatusUpdate => s !== undefined,
      );
      await recordStatusUpdates(ctx, statuses);

      let recorded = 0;
      for (const event of events) {
        const isNew = await ctx.db.transaction(async (tx) => {
          const [message] = await tx
            .select()
            .from(messages)
            .where(
              and(
                eq(messages.provider, event.provider),
                eq(messages.direction, 'outbound'),
                eq(messages.providerMessageId, event.providerMessageId),
              ),
            );
          if (!message) {
            c.get('logger').warn(
              { provider: id, providerMessageId: event.providerMessageId },
              'email event for an unknown message',
            );
            return false;
          }
          return recordEngagement(ctx, tx, message, { ...event, source: event.provider });
        });
        if (isNew) recorded++;
      }
      return c.json({ received: events.length, recorded }, 200);
    },
  );
  return router;
}
