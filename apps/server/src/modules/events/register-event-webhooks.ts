import { z } from '@hono/zod-openapi';
import type { AppRouter } from '../../platform/http/app-env';
import { EVENT_CATALOG } from './event-catalog';

/**
 * Publishes every event of the catalog in the OpenAPI document's `webhooks` section: what a
 * receiver gets, with the Standard Webhooks headers.
 */
export function registerEventWebhooks(app: AppRouter) {
  for (const [type, data] of Object.entries(EVENT_CATALOG)) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      summary: `${type} event`,
      tags: ['events'],
      request: {
        headers: z.object({
          'webhook-id': z.string().openapi({ description: 'The event id: the same on every retry' }),
          'webhook-timestamp': z.string().openapi({ description: 'Unix seconds of this attempt' }),
          'webhook-signature': z.string().openapi({
            description:
              'v1,<base64 HMAC-SHA256 of "id.timestamp.body">, space-separated during a secret rotation',
          }),
        }),
        body: {
          content: {
            'application/json': {
              schema: z.object({ type: z.literal(type), timestamp: z.string(), data }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Any 2xx acknowledges the event; 410 disables the endpoint; anything else is retried',
        },
      },
    });
  }
}
