import type { AppContext } from '../../app-context';
import { createRouter } from '../../platform/http/create-app';
import { createSocialAccountRoutes } from './social-accounts.routes';
import { createSocialMessageRoutes } from './social-messages.routes';
import { createSocialWebhookRoutes } from './social-webhooks.routes';

/** `/v1/social/*`: chat accounts, sends and messages (authenticated), and the platforms' webhooks (signed). */
export function createSocialRoutes(ctx: AppContext) {
  const router = createRouter();
  router.route('/accounts', createSocialAccountRoutes(ctx));
  router.route('/webhook', createSocialWebhookRoutes(ctx));
  router.route('/', createSocialMessageRoutes(ctx));
  return router;
}
