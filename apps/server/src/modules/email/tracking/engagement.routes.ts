import { createRoute, z } from '@hono/zod-openapi';
import { and, count, countDistinct, desc, eq, gte, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import { AppError } from '../../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  problem,
  SECURITY,
} from '../../../platform/http/api-schemas';
import { createRouter } from '../../../platform/http/create-app';
import { guard } from '../../../platform/http/guard';
import { messages } from '../../messages/messages.schema';
import { ENGAGEMENT_TYPES, emailEvents } from '../email.schema';

const LinkStatSchema = z.object({
  url: z.string(),
  clicks: z.number().int(),
  uniqueClickers: z.number().int().openapi({ description: 'Distinct (IP, user agent) pairs' }),
});
const EngagementSchema = z
  .object({
    messageId: z.string(),
    counts: z.record(z.string(), z.number().int()).openapi({ description: 'Events per type' }),
    uniqueOpens: z.number().int().openapi({ description: 'Distinct (IP, user agent) pairs that opened' }),
    links: z.array(LinkStatSchema),
    devices: z.record(z.string(), z.number().int()),
    clients: z.record(z.string(), z.number().int()),
    events: z.array(
      z.object({
        type: z.enum(ENGAGEMENT_TYPES),
        source: z.string(),
        recipient: z.string(),
        url: z.string().nullable(),
        bounceType: z.string().nullable(),
        reason: z.string().nullable(),
        device: z.string().nullable(),
        client: z.string().nullable(),
        os: z.string().nullable(),
        occurredAt: z.string(),
      }),
    ),
  })
  .openapi('EmailEngagement');
const LinksQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const tags = ['email'];

/** Engagement of one email (opens, clicks per link, devices, clients) and clicks per link across emails. */
export function createEngagementRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/messages/{id}/engagement',
      tags,
      security: SECURITY,
      middleware: read,
      summary:
        'Engagement of one sent email: counts per type, clicks per link, devices and clients, the last 200 events',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(EngagementSchema, 'The engagement'),
        404: problem('No such email in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      const id = c.req.valid('param').id;
      const [message] = await tenant.select(
        messages,
        and(eq(messages.id, id), eq(messages.channel, 'email')),
      );
      if (!message) throw new AppError('not_found', 'No email with this id');
      const rows = await tenant.select(emailEvents, eq(emailEvents.messageId, id), {
        orderBy: desc(emailEvents.occurredAt),
      });
      const tally = (pick: (r: (typeof rows)[number]) => string | null, type?: string) => {
        const out: Record<string, number> = {};
        for (const r of rows) {
          const k = pick(r);
          if (k !== null && (!type || r.type === type)) out[k] = (out[k] ?? 0) + 1;
        }
        return out;
      };
      const links = new Map<string, { clicks: number; who: Set<string> }>();
      const opened = new Set<string>();
      for (const r of rows) {
        if (r.type === 'opened') opened.add(`${r.ip} ${r.userAgent}`);
        if (r.type !== 'clicked' || !r.url) continue;
        const link = links.get(r.url) ?? { clicks: 0, who: new Set() };
        link.clicks++;
        link.who.add(`${r.ip} ${r.userAgent}`);
        links.set(r.url, link);
      }
      return c.json(
        {
          messageId: id,
          counts: tally((r) => r.type),
          uniqueOpens: opened.size,
          links: [...links].map(([url, l]) => ({ url, clicks: l.clicks, uniqueClickers: l.who.size })),
          devices: tally((r) => (r.type === 'opened' || r.type === 'clicked' ? r.device : null)),
          clients: tally((r) => (r.type === 'opened' || r.type === 'clicked' ? r.client : null)),
          events: rows.slice(0, 200).map((r) => ({
            type: r.type,
            source: r.source,
            recipient: r.recipient,
            url: r.url,
            bounceType: r.bounceType,
            reason: r.reason,
            device: r.device,
            client: r.client,
            os: r.os,
            occurredAt: r.occurredAt.toISOString(),
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/links',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Clicks per link across all emails (optionally in a time window), most clicked first',
      request: { query: LinksQuerySchema },
      responses: {
        200: jsonContent(
          z
            .object({
              data: z.array(
                z.object({
                  url: z.string(),
                  clicks: z.number().int(),
                  recipients: z.number().int(),
                  emails: z.number().int(),
                }),
              ),
            })
            .openapi('EmailLinkStats'),
          'Links and their clicks',
        ),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filters: (SQL | undefined)[] = [
        eq(emailEvents.type, 'clicked'),
        isNotNull(emailEvents.url),
        query.since ? gte(emailEvents.occurredAt, new Date(query.since)) : undefined,
        query.until ? lt(emailEvents.occurredAt, new Date(query.until)) : undefined,
      ];
      const rows = await ctx.db
        .select({
          url: emailEvents.url,
          clicks: count(),
          recipients: countDistinct(emailEvents.recipient),
          emails: countDistinct(emailEvents.messageId),
        })
        .from(emailEvents)
        .where(c.get('tenant').owned(emailEvents, and(...filters)))
        .groupBy(emailEvents.url)
        .orderBy(desc(count()))
        .limit(query.limit);
      return c.json({ data: rows.map((r) => ({ ...r, url: r.url! })) }, 200);
    },
  );

  return router;
}
