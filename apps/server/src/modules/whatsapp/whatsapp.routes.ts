import type { AppContext } from '../../app-context';
import { createRouter } from '../../platform/http/create-app';
import { createWhatsAppAccountRoutes } from './whatsapp-account.routes';
import { createWhatsAppMediaRoutes } from './whatsapp-media.routes';
import { createWhatsAppMessageRoutes } from './whatsapp-messages.routes';
import { createWhatsAppSendRoutes } from './whatsapp-send.routes';
import { createWhatsAppTemplateRoutes } from './whatsapp-templates.routes';
import { createWhatsAppWebhookRoutes } from './whatsapp-webhook.routes';

/** `/v1/whatsapp`: send by type, messages, templates, media, windows, account, stats, and Meta's webhook. */
export function createWhatsAppRoutes(ctx: AppContext) {
  const router = createRouter();
  router.route('/', createWhatsAppSendRoutes(ctx));
  router.route('/', createWhatsAppMessageRoutes(ctx));
  router.route('/', createWhatsAppTemplateRoutes(ctx));
  router.route('/', createWhatsAppMediaRoutes(ctx));
  router.route('/', createWhatsAppAccountRoutes(ctx));
  router.route('/', createWhatsAppWebhookRoutes(ctx));
  return router;
}
