import type { AppContext } from '../../app-context';
import { createRouter } from '../../platform/http/create-app';
import { createCallbackSecretRoutes } from './callback-secret.routes';
import { createWebhookDeliveryRoutes } from './webhook-deliveries.routes';
import { createWebhookEndpointRoutes } from './webhook-endpoints.routes';

/** Everything under /v1/webhooks. The callback-secret routes come first, before `/{id}` could take them. */
export function createWebhookRoutes(ctx: AppContext) {
  const router = createRouter();
  router.route('/', createCallbackSecretRoutes(ctx));
  router.route('/', createWebhookEndpointRoutes(ctx));
  router.route('/', createWebhookDeliveryRoutes(ctx));
  return router;
}
