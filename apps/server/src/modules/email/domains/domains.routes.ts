import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { newId } from '../../../platform/db/ids';
import { createTenantScope, type TenantScope } from '../../../platform/db/tenant-scope';
import { AppError } from '../../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { numbers } from '../../numbers/numbers.schema';
import { emailDomains } from '../email.schema';
import { checkDomainDns, passesVerification } from './check-domain-dns';
import { generateDkimKey, newDkimSelector } from './dkim-key';
import { createDnsLookup, type DnsLookup } from './dns-lookup';
import { DomainSchema, domainView } from './domain-view';

const CreateDomainSchema = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .max(253)
      .pipe(z.hostname())
      .refine((d) => d.includes('.'), 'must be a domain name such as example.com'),
    inbound: z
      .boolean()
      .default(false)
      .openapi({ description: 'Receive mail for every address at the domain' }),
    provider: z.string().min(1).max(64).optional().openapi({
      description: 'The email provider instance that usually sends for it (default: the first configured)',
    }),
  })
  .openapi('CreateEmailDomain');
const UpdateDomainSchema = z.object({ inbound: z.boolean() }).openapi('UpdateEmailDomain');
const tags = ['email domains'];

async function findDomain(tenant: TenantScope, id: string) {
  const [row] = await tenant.select(emailDomains, eq(emailDomains.id, id));
  if (!row) throw new AppError('not_found', 'No email domain with this id');
  return row;
}

/**
 * `/v1/email/domains`: sending (and receiving) domains. Adding one generates its DKIM key and
 * registers an `email_domain` sender; sending from it is refused until `verify` finds SPF and DKIM
 * in DNS. DMARC and MX are checked and advised on too.
 */
export function createDomainRoutes(ctx: AppContext, options: { dns?: DnsLookup } = {}) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });
  const dns =
    options.dns ??
    createDnsLookup({ servers: ctx.config.email.dnsServers, timeoutMs: ctx.config.email.dnsTimeoutMs });
  const checkOptions = { spfInclude: ctx.config.email.spfInclude, inboundMx: ctx.config.email.inboundMx };
  const view = (row: typeof emailDomains.$inferSelect) => domainView(row, checkOptions);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List email domains, newest first',
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(page(DomainSchema), 'A page of domains'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => c.json(await c.get('tenant').page(emailDomains, c.req.valid('query'), view), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary:
        'Add a domain: returns the DNS records to publish (SPF, DKIM with its generated key, DMARC, MX)',
      request: jsonBody(CreateDomainSchema),
      responses: {
        201: jsonContent(DomainSchema, 'Added, pending verification'),
        409: problem('The tenant already has this domain'),
        422: problem('Invalid fields, or no such email provider'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const providers = ctx.messaging.router.providers().filter((p) => p.kind === 'email');
      const provider =
        input.provider ?? (providers.find((p) => p.id !== 'sandbox') ?? providers[0])?.id ?? 'sandbox';
      if (!providers.some((p) => p.id === provider))
        throw new AppError('validation_failed', `provider: no email provider "${provider}"`, {
          details: { errors: [{ path: 'provider', message: 'is not a configured email provider' }] },
        });
      const key = await generateDkimKey();
      const row = await ctx.db.transaction(async (tx) => {
        const tenant = createTenantScope(tx, c.get('tenant').tenantId);
        const [existing] = await tenant.select(emailDomains, eq(emailDomains.domain, input.domain));
        if (existing) throw new AppError('conflict', `${input.domain} is already one of your domains`);
        // The domain is a sender (numbers table) so that `from: anything@domain` resolves to it.
        const [sender] = await tx
          .insert(numbers)
          .values({
            id: newId('num'),
            tenantId: tenant.tenantId,
            kind: 'email_domain',
            address: input.domain,
            capabilities: ['email'],
            provider,
            label: 'Email domain',
          })
          .onConflictDoNothing()
          .returning();
        const senderId =
          sender?.id ??
          (
            await tenant.select(
              numbers,
              and(eq(numbers.kind, 'email_domain'), eq(numbers.address, input.domain)),
            )
          )[0]!.id;
        const [created] = await tenant.insert(emailDomains, {
          id: newId('edom'),
          domain: input.domain,
          senderId,
          dkimSelector: newDkimSelector(),
          dkimPrivateKey: ctx.encryptor.encrypt(key.privateKeyPem),
          dkimPublicKey: key.publicKey,
          inbound: input.inbound,
        });
        return created!;
      });
      return c.json(view(row), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a domain with its DNS records and the last check',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(DomainSchema, 'The domain'),
        404: problem('No such domain in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => c.json(view(await findDomain(c.get('tenant'), c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/verify',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Check SPF, DKIM, DMARC and MX in DNS now; verified when DKIM is valid and SPF not invalid',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(DomainSchema, 'Checked (see status and checks)'),
        404: problem('No such domain in this tenant'),
        409: problem('Another tenant receives mail for this domain'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const row = await findDomain(tenant, c.req.valid('param').id);
      const checks = await checkDomainDns(dns, row, checkOptions);
      const verified = passesVerification(checks);
      const now = new Date();
      const [updated] = await tenant.update(
        emailDomains,
        {
          checks,
          checkedAt: now,
          status: verified ? 'verified' : row.status === 'verified' ? 'failed' : 'pending',
          verifiedAt: verified ? (row.verifiedAt ?? now) : row.verifiedAt,
        },
        eq(emailDomains.id, row.id),
      );
      return c.json(view(updated!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Turn receiving mail for every address at the domain on or off',
      request: { params: IdParamSchema, ...jsonBody(UpdateDomainSchema) },
      responses: {
        200: jsonContent(DomainSchema, 'Changed'),
        404: problem('No such domain in this tenant'),
        409: problem('Another tenant receives mail for this domain'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const row = await findDomain(tenant, c.req.valid('param').id);
      const [updated] = await tenant.update(
        emailDomains,
        { inbound: c.req.valid('json').inbound },
        eq(emailDomains.id, row.id),
      );
      return c.json(view(updated!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove a domain and its sender (mail from it is refused from now on)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such domain in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await ctx.db.transaction(async (tx) => {
        const tenant = createTenantScope(tx, c.get('tenant').tenantId);
        const [row] = await tenant.delete(emailDomains, eq(emailDomains.id, id));
        if (!row) throw new AppError('not_found', 'No email domain with this id');
        await tenant.delete(numbers, eq(numbers.id, row.senderId));
      });
      return c.body(null, 204);
    },
  );

  return router;
}
