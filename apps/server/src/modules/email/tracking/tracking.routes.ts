import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppContext } from '../../../app-context';
import { newId } from '../../../platform/db/ids';
import { AppError } from '../../../platform/errors/app-error';
import { problem } from '../../../platform/http/api-schemas';
import { clientAddress } from '../../../platform/http/client-address';
import { createRouter } from '../../../platform/http/create-app';
import { messages } from '../../messages/messages.schema';
import { deriveLinkKey, verifyLinkToken } from './link-token';
import { type Engagement, recordEngagement } from './record-engagement';
import { unsubscribePage } from './unsubscribe-page';

/** The smallest transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TokenParams = z.object({
  token: z
    .string()
    .min(10)
    .max(8192)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
const tags = ['email tracking (public)'];
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

/**
 * `/t/o/{token}.gif` (open pixel), `/t/c/{token}` (click redirect) and `/t/u/{token}` (unsubscribe:
 * a page on GET, the RFC 8058 one-click on POST). Public — the recipient's mail client calls them —
 * and trusted only through the token's HMAC: a click redirects only to the URL that was signed into
 * the email, and nothing is recorded for a token we did not sign.
 */
export function createTrackingRoutes(ctx: AppContext) {
  const router = createRouter();
  const key = deriveLinkKey(ctx.accessTokenKey);

  async function record(
    payload: { t: string; m: string },
    c: Context,
    engagement: Omit<Engagement, 'recipient' | 'source' | 'occurredAt'> & { recipient?: string },
  ) {
    await ctx.db.transaction(async (tx) => {
      const [message] = await tx
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.id, payload.m),
            eq(messages.tenantId, payload.t),
            eq(messages.direction, 'outbound'),
          ),
        );
      // A message deleted since (retention) keeps its links working; there is just nothing to count.
      if (!message) return;
      await recordEngagement(ctx, tx, message, {
        ...engagement,
        recipient: engagement.recipient ?? message.to,
        source: 'tracking',
        occurredAt: new Date(),
        userAgent: c.req.header('user-agent'),
        ip: clientAddress(c),
      });
    });
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/o/{token}',
      tags,
      summary: 'Open-tracking pixel (a 1×1 GIF, whatever the token)',
      request: { params: TokenParams },
      responses: { 200: { description: 'The pixel', content: { 'image/gif': { schema: z.string() } } } },
    }),
    async (c) => {
      const payload = verifyLinkToken(key, 'o', c.req.valid('param').token.replace(/\.gif$/, ''));
      if (payload) await record(payload, c, { type: 'opened', eventKey: `trk_${newId('open')}` });
      // The pixel never breaks the email's layout: a forged token gets it too, but counts nothing.
      return c.body(PIXEL, 200, {
        'content-type': 'image/gif',
        'cache-control': 'no-store, no-cache, must-revalidate, private',
      }) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/c/{token}',
      tags,
      summary: 'Tracked link: counts the click and redirects to the link signed into the email',
      request: { params: TokenParams },
      responses: {
        302: { description: 'Redirect to the original link' },
        404: problem('Not a link we signed (altered, forged or truncated): no redirect'),
      },
    }),
    async (c) => {
      const payload = verifyLinkToken(key, 'c', c.req.valid('param').token);
      if (!payload) throw new AppError('not_found', 'This link is not valid');
      await record(payload, c, { type: 'clicked', eventKey: `trk_${newId('click')}`, url: payload.u });
      return c.redirect(payload.u, 302) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/u/{token}',
      tags,
      summary: 'Unsubscribe page: asks to confirm (link scanners follow GETs, so a GET changes nothing)',
      request: { params: TokenParams },
      responses: { 200: html('The confirmation page'), 404: problem('Not a link we signed') },
    }),
    (c) => {
      const payload = verifyLinkToken(key, 'u', c.req.valid('param').token);
      if (!payload) throw new AppError('not_found', 'This unsubscribe link is not valid');
      return c.html(unsubscribePage({ address: payload.a, done: false }), 200) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/u/{token}',
      tags,
      summary: "Unsubscribe (RFC 8058 one-click `List-Unsubscribe=One-Click`, or the page's button)",
      request: { params: TokenParams },
      responses: { 200: html('Unsubscribed'), 404: problem('Not a link we signed') },
    }),
    async (c) => {
      const payload = verifyLinkToken(key, 'u', c.req.valid('param').token);
      if (!payload) throw new AppError('not_found', 'This unsubscribe link is not valid');
      // One unsubscribe per message and address, however often the button or the mail client posts it.
      await record(payload, c, {
        type: 'unsubscribed',
        eventKey: `unsub:${payload.m}:${payload.a.toLowerCase()}`,
        recipient: payload.a,
      });
      return c.html(unsubscribePage({ address: payload.a, done: true }), 200) as never;
    },
  );

  return router;
}
