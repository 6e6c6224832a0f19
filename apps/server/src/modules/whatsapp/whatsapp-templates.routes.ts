import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { ProviderError } from '../../channels/channel';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  PageQuerySchema,
  page,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { metaSenders, syncTemplates } from './sync-templates';
import { whatsappTemplates } from './whatsapp.schema';

const TemplateSchema = z
  .object({
    id: z.string(),
    provider: z.string().openapi({ description: 'The provider instance (business account) it lives on' }),
    externalId: z.string().openapi({ description: "Meta's template id" }),
    name: z.string(),
    language: z.string(),
    category: z.string().openapi({ description: 'MARKETING | UTILITY | AUTHENTICATION' }),
    status: z.string().openapi({ description: 'APPROVED | PENDING | REJECTED | PAUSED | DISABLED | …' }),
    parameterFormat: z.enum(['positional', 'named']),
    components: z.array(z.record(z.string(), z.unknown())),
    rejectedReason: z.string().nullable(),
    syncedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WhatsAppTemplate');
const view = (row: typeof whatsappTemplates.$inferSelect) => ({
  id: row.id,
  provider: row.provider,
  externalId: row.externalId,
  name: row.name,
  language: row.language,
  category: row.category,
  status: row.status,
  parameterFormat: row.parameterFormat as 'positional' | 'named',
  components: row.components,
  rejectedReason: row.rejectedReason,
  syncedAt: row.syncedAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
const ListQuerySchema = PageQuerySchema.extend({
  name: z.string().max(512).optional(),
  language: z.string().max(20).optional(),
  status: z.string().max(32).optional(),
  category: z.string().max(32).optional(),
});
const SyncResultSchema = z
  .object({
    accounts: z.array(
      z.object({
        provider: z.string(),
        synced: z.number().int(),
        removed: z.number().int(),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi('WhatsAppTemplateSync');
const tags = ['whatsapp'];

/** `/v1/whatsapp/templates`: the message templates of the business accounts behind the tenant's numbers. */
export function createWhatsAppTemplateRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const admin = guard(ctx, { role: 'tenant_admin', scope: 'admin' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/templates',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List synced templates (filter by name, language, status, category)',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(TemplateSchema), 'A page of templates'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const filters: (SQL | undefined)[] = [
        q.name ? eq(whatsappTemplates.name, q.name) : undefined,
        q.language ? eq(whatsappTemplates.language, q.language) : undefined,
        q.status ? eq(whatsappTemplates.status, q.status.toUpperCase()) : undefined,
        q.category ? eq(whatsappTemplates.category, q.category.toUpperCase()) : undefined,
      ];
      return c.json(await c.get('tenant').page(whatsappTemplates, q, view, and(...filters)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/templates/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a template with its components',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(TemplateSchema, 'The template'),
        404: problem('No such template in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(whatsappTemplates, eq(whatsappTemplates.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No template with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/templates/sync',
      tags,
      security: SECURITY,
      middleware: admin,
      summary:
        'Sync templates now from every business account behind your WhatsApp numbers (also runs hourly)',
      responses: {
        200: jsonContent(SyncResultSchema, 'What each account listed (an account that failed says why)'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      const accounts = [];
      for (const { provider } of await metaSenders(ctx, { tenantId })) {
        try {
          accounts.push({ provider: provider.id, ...(await syncTemplates(ctx.db, tenantId, provider)) });
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          accounts.push({ provider: provider.id, synced: 0, removed: 0, error: error.message });
        }
      }
      return c.json({ accounts }, 200);
    },
  );
  return router;
}
