import type { AppContext } from '../../app-context';
import { createRouter } from '../../platform/http/create-app';
import { createDnsLookup } from './domains/dns-lookup';
import { createDomainRoutes } from './domains/domains.routes';
import { createInboundRawRoutes } from './inbound/inbound-raw.routes';
import { createSendEmailRoutes } from './send/send-email.routes';
import { createSuppressionRoutes } from './suppression/suppressions.routes';
import { createTemplateRoutes } from './templates/templates.routes';
import { createEngagementRoutes } from './tracking/engagement.routes';
import { createValidationRoutes } from './validation/validation.routes';

/** `/v1/email`: send, domains, templates, suppressions, address validation, raw inbound, engagement. */
export function createEmailRoutes(ctx: AppContext) {
  const dns = createDnsLookup({
    servers: ctx.config.email.dnsServers,
    timeoutMs: ctx.config.email.dnsTimeoutMs,
  });
  const router = createRouter();
  router.route('/', createSendEmailRoutes(ctx));
  router.route('/', createEngagementRoutes(ctx));
  router.route('/', createValidationRoutes(ctx, dns));
  router.route('/', createInboundRawRoutes(ctx));
  router.route('/domains', createDomainRoutes(ctx, { dns }));
  router.route('/templates', createTemplateRoutes(ctx));
  router.route('/suppressions', createSuppressionRoutes(ctx));
  return router;
}
