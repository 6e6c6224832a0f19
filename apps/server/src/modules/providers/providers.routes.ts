import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { CHANNEL_KINDS, type ChannelKind } from '../../channels/channel';
import { TENANT_INSTANCE_PREFIX } from '../../channels/router/message-router';
import { newId } from '../../platform/db/ids';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonBody,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { providerCatalog } from './provider-catalog';
import { mergeCredentials, parseCredentials } from './provider-credentials';
import { countRecentSends, healthOf } from './provider-health';
import { displayNameOf, ProviderInstanceViewSchema, tenantInstanceView } from './provider-view';
import { providerInstances } from './providers.schema';
import { createTenantProvider } from './tenant-provider-source';

const CatalogEntrySchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    provider: z.string(),
    displayName: z.string(),
    docsUrl: z.string(),
    tenantOwnable: z.boolean(),
    credentialsSchema: z.record(z.string(), z.unknown()).openapi({ description: 'JSON Schema (2020-12)' }),
    secretFields: z.array(z.string()),
  })
  .openapi('ProviderCatalogEntry');
const CredentialsSchema = z.record(z.string(), z.unknown());
const CreateProviderSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    provider: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    credentials: CredentialsSchema,
  })
  .openapi('CreateProvider');
const UpdateProviderSchema = z
  .object({
    name: z.string().min(1).max(100).optional(),
    credentials: CredentialsSchema.optional().openapi({
      description:
        'Fields to change; a secret left out or sent back masked keeps its value; null removes a field',
    }),
  })
  .openapi('UpdateProvider');
const TestResultSchema = z
  .object({
    ok: z.boolean(),
    checked: z.enum(['credentials', 'validation']),
    detail: z.string(),
  })
  .openapi('ProviderTestResult');

const tags = ['providers'];

/**
 * `/v1/providers`: the provider instances a tenant can route through — the platform's
 * (`MESSAGING_PROVIDERS`, credentials never shown) and its own accounts (`t_…`, credentials
 * encrypted at rest, secrets write-only) — with each one's health on the answering node.
 */
export function createProviderRoutes(ctx: AppContext) {
  const router = createRouter();
  const reader = guard(ctx, { role: 'supervisor', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });
  const platformModules = new Map(
    ctx.config.messaging.providers.map((p) => [`${p.kind}:${p.id}`, p.provider]),
  );

  async function findOwn(tenant: TenantScope, id: string) {
    const [row] = await tenant.select(providerInstances, eq(providerInstances.id, id));
    if (!row) throw new AppError('not_found', 'No provider instance of this tenant with this id');
    return row;
  }
  async function viewOf(tenant: TenantScope, row: typeof providerInstances.$inferSelect) {
    const counts = await countRecentSends(ctx.db, tenant.tenantId);
    const health = healthOf(ctx.messaging.router, row.kind as ChannelKind, row.id, 'tenant');
    return tenantInstanceView(row, ctx.encryptor, health, counts.get(row.id));
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/catalog',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: 'Every provider module per channel kind, with its credentials schema (JSON Schema)',
      responses: {
        200: jsonContent(z.object({ data: z.array(CatalogEntrySchema) }), 'The catalog'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    (c) => c.json({ data: providerCatalog() as z.infer<typeof CatalogEntrySchema>[] }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: "The provider instances this tenant can use: the platform's and its own, with health",
      responses: {
        200: jsonContent(z.object({ data: z.array(ProviderInstanceViewSchema) }), 'Platform instances first'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const counts = await countRecentSends(ctx.db, tenant.tenantId);
      const platform = ctx.messaging.router.providers().map((p) => {
        const provider = p.id === 'sandbox' ? 'sandbox' : (platformModules.get(`${p.kind}:${p.id}`) ?? p.id);
        return {
          id: p.id,
          kind: p.kind,
          provider,
          displayName: displayNameOf(p.kind, provider),
          name: p.id,
          owner: 'platform' as const,
          credentials: null,
          health: healthOf(ctx.messaging.router, p.kind, p.id, 'platform'),
          last24h: counts.get(p.id) ?? { sent: 0, failed: 0 },
          createdAt: null,
          updatedAt: null,
        };
      });
      const rows = await tenant.select(providerInstances, undefined, { orderBy: providerInstances.id });
      const own = rows.map((row) =>
        tenantInstanceView(
          row,
          ctx.encryptor,
          healthOf(ctx.messaging.router, row.kind as ChannelKind, row.id, 'tenant'),
          counts.get(row.id),
        ),
      );
      return c.json({ data: [...platform, ...own] }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: "Add the tenant's own provider account (credentials checked by the provider's schema)",
      request: jsonBody(CreateProviderSchema),
      responses: {
        201: jsonContent(ProviderInstanceViewSchema, 'Created; secrets masked'),
        422: problem('Unknown provider, or credentials its schema refuses (each bad field named)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const credentials = parseCredentials(input.kind, input.provider, input.credentials);
      const [row] = await c.get('tenant').insert(providerInstances, {
        id: newId(TENANT_INSTANCE_PREFIX.slice(0, -1)),
        kind: input.kind,
        provider: input.provider,
        name: input.name,
        credentialsEncrypted: ctx.encryptor.encrypt(JSON.stringify(credentials)),
      });
      return c.json(await viewOf(c.get('tenant'), row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: reader,
      summary: "One of the tenant's own provider instances",
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(ProviderInstanceViewSchema, 'The instance; secrets masked'),
        404: problem('No such instance of this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      return c.json(await viewOf(tenant, await findOwn(tenant, c.req.valid('param').id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Rename an instance or change its credentials (validated again as a whole)',
      request: { params: IdParamSchema, ...jsonBody(UpdateProviderSchema) },
      responses: {
        200: jsonContent(ProviderInstanceViewSchema, 'Updated; secrets masked'),
        404: problem('No such instance of this tenant'),
        422: problem('Credentials the provider schema refuses (each bad field named)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const row = await findOwn(tenant, c.req.valid('param').id);
      const input = c.req.valid('json');
      const kind = row.kind as ChannelKind;
      const set: Partial<typeof providerInstances.$inferInsert> = { updatedAt: new Date() };
      if (input.name) set.name = input.name;
      if (input.credentials) {
        const stored = JSON.parse(ctx.encryptor.decrypt(row.credentialsEncrypted));
        const merged = mergeCredentials(kind, row.provider, stored, input.credentials);
        set.credentialsEncrypted = ctx.encryptor.encrypt(
          JSON.stringify(parseCredentials(kind, row.provider, merged)),
        );
      }
      const [updated] = await tenant.update(providerInstances, set, eq(providerInstances.id, row.id));
      // New credentials are a new account as far as health goes (on this node; others on next failure).
      if (input.credentials) ctx.messaging.router.forget(kind, row.id);
      return c.json(await viewOf(tenant, updated!), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Remove an instance (routing rules naming it no longer find it)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Removed' },
        404: problem('No such instance of this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const removed = await tenant.delete(
        providerInstances,
        eq(providerInstances.id, c.req.valid('param').id),
      );
      if (removed.length === 0)
        throw new AppError('not_found', 'No provider instance of this tenant with this id');
      ctx.messaging.router.forget(removed[0]!.kind as ChannelKind, removed[0]!.id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/test',
      tags,
      security: SECURITY,
      middleware: admin,
      summary: 'Check an instance: its stored credentials against the schema, and the adapter builds',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TestResultSchema, 'What was checked and how it went'),
        404: problem('No such instance of this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const row = await findOwn(c.get('tenant'), c.req.valid('param').id);
      try {
        createTenantProvider({ db: ctx.db, encryptor: ctx.encryptor, runtime: ctx.messaging.runtime }, row);
      } catch (error) {
        return c.json({ ok: false, checked: 'validation' as const, detail: (error as Error).message }, 200);
      }
      // No adapter offers a live credentials call yet: say so rather than claim the account works.
      const detail =
        'The credentials match the provider schema and the adapter accepts them. This provider offers no live credentials check: a bad secret shows up on the first send (see health).';
      return c.json({ ok: true, checked: 'validation' as const, detail }, 200);
    },
  );

  return router;
}
