import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../../app-context';
import { AUTHENTICATED_ERRORS, jsonBody, jsonContent, SECURITY } from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import type { DnsLookup } from '../domains/dns-lookup';
import { validateAddress } from './validate-address';

const ValidateRequestSchema = z
  .object({ address: z.string().trim().min(1).max(320).openapi({ example: 'ann@example.com' }) })
  .openapi('ValidateEmailAddress');
const ValidationSchema = z
  .object({
    address: z.string(),
    verdict: z.enum(['deliverable', 'risky', 'undeliverable', 'unknown']),
    risk: z.number().int().min(0).max(100),
    checks: z.object({
      syntax: z.boolean(),
      mailDomain: z.enum(['mx', 'implicit', 'null_mx', 'none', 'unknown']),
      disposable: z.boolean(),
      roleAccount: z.boolean(),
    }),
    reasons: z.array(z.string()),
  })
  .openapi('EmailAddressValidation');

/** `POST /v1/email/validate`: is this address worth sending to (syntax, MX, disposable, role), with a risk score. */
export function createValidationRoutes(ctx: AppContext, dns: DnsLookup) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/validate',
      tags: ['email'],
      security: SECURITY,
      middleware: guard(ctx, { role: 'agent', scope: 'read' }),
      summary: 'Validate an address: syntax, mail domain (MX), disposable domain, role account, risk 0-100',
      request: jsonBody(ValidateRequestSchema),
      responses: { 200: jsonContent(ValidationSchema, 'The verdict and why'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json(await validateAddress(dns, c.req.valid('json').address), 200),
  );
  return router;
}
