import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { hashSecret, randomSecret } from '../../platform/crypto/secrets';
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
  ScopeSchema,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { recordAudit } from '../audit/record-audit';
import { formatApiKey } from './api-key-format';
import { API_KEY_REVOKED } from './api-key-verifier';
import { apiKeys } from './api-keys.schema';

const DEFAULT_SCOPES = ['read', 'messages:write', 'calls:write'] as const;

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, to tell keys apart' }),
    scopes: z.array(ScopeSchema),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: 'The whole secret key. Shown this once: store it now.' }),
}).openapi('CreatedApiKey');
const CreateApiKeySchema = z
  .object({ name: z.string().trim().min(1).max(100), scopes: z.array(ScopeSchema).min(1).optional() })
  .openapi('CreateApiKey');

const view = (row: typeof apiKeys.$inferSelect) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes as z.infer<typeof ScopeSchema>[],
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});
const tags = ['api-keys'];

export function createApiKeyRoutes(ctx: AppContext) {
  const router = createRouter();
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Create an API key (the secret is returned this once)',
      request: jsonBody(CreateApiKeySchema),
      responses: {
        201: jsonContent(CreatedApiKeySchema, 'Created'),
        422: problem('Invalid fields'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tenant = c.get('tenant');
      const principal = c.get('principal');
      const id = newId('key');
      const secret = randomSecret();
      const key = formatApiKey(id, secret);
      const [row] = await tenant.insert(apiKeys, {
        id,
        name: input.name,
        prefix: `${key.slice(0, 12)}…`,
        secretHash: hashSecret(secret),
        scopes: [...new Set(input.scopes ?? DEFAULT_SCOPES)],
        createdBy: principal.kind === 'user' ? principal.userId : null,
      });
      await recordAudit(ctx.db, c, principal, {
        tenantId: tenant.tenantId,
        action: 'api_key.created',
        targetType: 'api_key',
        targetId: id,
        details: { name: input.name, scopes: row!.scopes },
      });
      return c.json({ ...view(row!), key }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "List the tenant's API keys (never their secrets)",
      request: { query: PageQuerySchema },
      responses: {
        200: jsonContent(page(ApiKeySchema), 'A page of keys, newest first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await c.get('tenant').page(apiKeys, query, view), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Get one API key',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ApiKeySchema, 'The key'),
        404: problem('No such key in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(apiKeys, eq(apiKeys.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No API key with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Revoke an API key; every node refuses it within a second',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Revoked' },
        404: problem('No such key in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenant = c.get('tenant');
      const [existing] = await tenant.select(apiKeys, eq(apiKeys.id, id));
      if (!existing) throw new AppError('not_found', 'No API key with this id');
      const revoked = await tenant.update(
        apiKeys,
        { revokedAt: new Date() },
        and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))!,
      );
      if (revoked.length > 0) {
        ctx.apiKeys.forget(id);
        await ctx.bus.publish(API_KEY_REVOKED, { keyId: id });
        await recordAudit(ctx.db, c, c.get('principal'), {
          tenantId: tenant.tenantId,
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: id,
        });
      }
      return c.body(null, 204);
    },
  );

  return router;
}
