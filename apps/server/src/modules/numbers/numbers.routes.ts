import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { kindOf, MESSAGE_CHANNELS } from '../../channels/channel';
import { newId } from '../../platform/db/ids';
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
import { numbers, SENDER_KINDS } from './numbers.schema';
import { checkPhoneNumber } from './phone-number';

const CAPABILITIES = [...MESSAGE_CHANNELS, 'voice'] as const;

const NumberSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SENDER_KINDS),
    address: z.string(),
    capabilities: z.array(z.enum(CAPABILITIES)),
    provider: z.string(),
    sandbox: z.boolean(),
    label: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Number');

const CreateNumberSchema = z
  .object({
    kind: z.enum(SENDER_KINDS),
    address: z.string().trim().min(1).max(254),
    capabilities: z.array(z.enum(CAPABILITIES)).min(1),
    provider: z.string().min(1).max(64),
    label: z.string().max(100).optional(),
  })
  .superRefine((input, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (input.kind === 'phone_number') {
      const check = checkPhoneNumber(input.address);
      if (!check.ok) issue('address', check.message);
    }
    if (input.kind === 'alphanumeric_sender_id' && !/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(input.address))
      issue(
        'address',
        'an alphanumeric sender id is 1 to 11 letters, digits or spaces, with at least one letter',
      );
    if (input.kind === 'email_address' && !z.email().safeParse(input.address).success)
      issue('address', 'must be an email address');
    if (input.kind === 'email_domain' && !z.hostname().safeParse(input.address).success)
      issue('address', 'must be a domain name');
  })
  .openapi('CreateNumber');

const view = (row: typeof numbers.$inferSelect) => ({
  id: row.id,
  kind: row.kind,
  address: row.address,
  capabilities: row.capabilities as z.infer<typeof NumberSchema>['capabilities'],
  provider: row.provider,
  sandbox: row.sandbox,
  label: row.label,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['numbers'];

/** `/v1/numbers`: the tenant's senders with their capabilities and the provider behind each. */
export function createNumberRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: "List the tenant's numbers, sender ids, email addresses and channel accounts",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(NumberSchema), 'A page of senders, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(numbers, query, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get one sender',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(NumberSchema, 'The sender'),
        404: problem('No such sender in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(numbers, eq(numbers.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No number with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Add a sender served by a configured provider',
      request: jsonBody(CreateNumberSchema),
      responses: {
        201: jsonContent(NumberSchema, 'Created'),
        409: problem('The tenant already has this sender, or another tenant owns this number or address'),
        422: problem('Invalid fields, or no such provider for these capabilities'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const kinds = new Set(input.capabilities.filter((cap) => cap !== 'voice').map((cap) => kindOf(cap)));
      const tenantId = c.get('tenant').tenantId;
      // A platform instance, or one of this tenant's own (`t_…`, modules/providers).
      const found = await Promise.all(
        [...kinds].map((kind) => ctx.messaging.router.resolve(kind, input.provider, tenantId)),
      );
      const missing = [...kinds].filter((_, i) => !found[i]);
      if (missing.length > 0)
        throw new AppError(
          'validation_failed',
          `provider: no ${missing.join(', ')} provider "${input.provider}"`,
          {
            details: {
              errors: [{ path: 'provider', message: `is not a configured ${missing.join(', ')} provider` }],
            },
          },
        );
      const [row] = await c.get('tenant').insert(numbers, {
        id: newId('num'),
        kind: input.kind,
        address: input.address,
        capabilities: [...new Set(input.capabilities)],
        provider: input.provider,
        label: input.label ?? null,
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Release a sender (sandbox senders stay)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Released' },
        404: problem('No such sender in this tenant'),
        409: problem('Sandbox senders cannot be released'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const [row] = await tenant.select(numbers, eq(numbers.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No number with this id');
      if (row.sandbox) throw new AppError('conflict', 'Sandbox senders belong to the tenant for good');
      await tenant.delete(numbers, eq(numbers.id, row.id));
      return c.body(null, 204);
    },
  );

  return router;
}
