import { createRoute, z } from '@hono/zod-openapi';
import { and, count, eq, gte, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { ProviderError } from '../../channels/channel';
import { isMetaWhatsApp } from '../../channels/whatsapp/meta/meta.adapter';
import { AUTHENTICATED_ERRORS, jsonContent, SECURITY } from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { messages } from '../messages/messages.schema';
import { numbers } from '../numbers/numbers.schema';
import { WINDOW_MS } from './customer-window';
import { whatsappTemplates, whatsappWindows } from './whatsapp.schema';

const AccountSchema = z
  .object({
    numbers: z.array(
      z.object({
        address: z.string(),
        provider: z.string(),
        sandbox: z.boolean(),
        phoneNumberId: z.string().nullable(),
        businessAccountId: z.string().nullable(),
        verifiedName: z.string().nullable(),
        qualityRating: z.string().nullable().openapi({ description: 'GREEN | YELLOW | RED | UNKNOWN' }),
        throughput: z.string().nullable(),
        error: z.string().optional().openapi({ description: 'Meta could not be asked (the rest is null)' }),
      }),
    ),
  })
  .openapi('WhatsAppAccount');
const StatsSchema = z
  .object({
    since: z.string(),
    outbound: z
      .record(z.string(), z.number().int())
      .openapi({ description: 'Messages sent since, by status' }),
    inbound: z.number().int(),
    openWindows: z.number().int(),
    templates: z.record(z.string(), z.number().int()).openapi({ description: 'Synced templates by status' }),
  })
  .openapi('WhatsAppStats');
const tags = ['whatsapp'];

/** `/v1/whatsapp/account` (the numbers and their standing at Meta) and `/v1/whatsapp/stats`. */
export function createWhatsAppAccountRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/account',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Your WhatsApp numbers, with their verified name, quality rating and throughput at Meta',
      responses: { 200: jsonContent(AccountSchema, 'The numbers'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const senders = await c.get('tenant').select(numbers, sql`'whatsapp' = any(${numbers.capabilities})`);
      const result = [];
      for (const sender of senders) {
        const provider = ctx.messaging.router.provider('whatsapp', sender.provider);
        const meta = provider && isMetaWhatsApp(provider) ? provider.meta : undefined;
        const base = {
          address: sender.address,
          provider: sender.provider,
          sandbox: sender.sandbox,
          phoneNumberId: meta?.phoneNumberId ?? null,
          businessAccountId: meta?.businessAccountId ?? null,
          verifiedName: null,
          qualityRating: null,
          throughput: null,
        };
        if (!meta) {
          result.push(base);
          continue;
        }
        try {
          const info = await meta.phoneNumber({
            signal: AbortSignal.timeout(ctx.config.messaging.providerTimeoutMs),
          });
          result.push({
            ...base,
            verifiedName: info.verified_name ?? null,
            qualityRating: info.quality_rating ?? null,
            throughput: info.throughput?.level ?? null,
          });
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          result.push({ ...base, error: error.message });
        }
      }
      return c.json({ numbers: result }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/stats',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'WhatsApp messages by status, inbound count, open windows and templates by status',
      request: { query: z.object({ days: z.coerce.number().int().min(1).max(90).default(30) }) },
      responses: { 200: jsonContent(StatsSchema, 'The figures'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const since = new Date(Date.now() - c.req.valid('query').days * 86_400_000);
      const byStatus = await ctx.db
        .select({ direction: messages.direction, status: messages.status, n: count() })
        .from(messages)
        .where(tenant.owned(messages, and(eq(messages.channel, 'whatsapp'), gte(messages.createdAt, since))))
        .groupBy(messages.direction, messages.status);
      const [windows] = await ctx.db
        .select({ n: count() })
        .from(whatsappWindows)
        .where(
          tenant.owned(whatsappWindows, gte(whatsappWindows.lastInboundAt, new Date(Date.now() - WINDOW_MS))),
        );
      const templates = await ctx.db
        .select({ status: whatsappTemplates.status, n: count() })
        .from(whatsappTemplates)
        .where(tenant.owned(whatsappTemplates))
        .groupBy(whatsappTemplates.status);
      return c.json(
        {
          since: since.toISOString(),
          outbound: Object.fromEntries(
            byStatus.filter((r) => r.direction === 'outbound').map((r) => [r.status, r.n]),
          ),
          inbound: byStatus.filter((r) => r.direction === 'inbound').reduce((sum, r) => sum + r.n, 0),
          openWindows: windows?.n ?? 0,
          templates: Object.fromEntries(templates.map((r) => [r.status, r.n])),
        },
        200,
      );
    },
  );
  return router;
}
