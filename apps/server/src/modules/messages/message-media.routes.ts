import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { createTenantScope } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors/app-error';
import {
  AUTHENTICATED_ERRORS,
  IdParamSchema,
  jsonContent,
  problem,
  SECURITY,
} from '../../platform/http/api-schemas';
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { messageMedia } from './message-media.schema';
import { messages } from './messages.schema';
import { storedMediaUrl } from './store-inbound-media';

const MediaItemSchema = z
  .object({
    id: z.string(),
    position: z.number().int().openapi({ description: "Index in the provider's original media list" }),
    status: z.enum(['stored', 'refused']),
    contentType: z.string().nullable(),
    sizeBytes: z.number().int().nullable(),
    url: z.string().nullable().openapi({ description: 'Where to download our copy (stored items)' }),
    error: z.string().nullable().openapi({ description: 'Why it was not kept (refused items)' }),
    createdAt: z.string(),
  })
  .openapi('MessageMedia');
const MediaParamsSchema = IdParamSchema.extend({
  mediaId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'mediaId', in: 'path' } }),
});
const tags = ['messages'];

/** `/v1/messages/{id}/media`: the copies we keep of an inbound message's media, and their bytes. */
export function createMessageMediaRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });

  /** The tenant's message, or 404 (another tenant's message does not exist for this one). */
  async function ownedMessage(tenantId: string, id: string) {
    const [row] = await createTenantScope(ctx.db, tenantId).select(messages, eq(messages.id, id));
    if (!row) throw new AppError('not_found', 'No such message');
    return row;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/media',
      tags,
      security: SECURITY,
      middleware: read,
      summary: "An inbound message's media: our stored copies, and the items refused with the reason",
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(z.object({ data: z.array(MediaItemSchema) }), 'The media items, in order'),
        404: problem('No such message'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenant').tenantId;
      const message = await ownedMessage(tenantId, c.req.valid('param').id);
      const items = await createTenantScope(ctx.db, tenantId).select(
        messageMedia,
        eq(messageMedia.messageId, message.id),
        { orderBy: asc(messageMedia.position) },
      );
      const data = items.map((item) => ({
        id: item.id,
        position: item.position,
        status: item.status,
        contentType: item.contentType,
        sizeBytes: item.sizeBytes,
        url: item.status === 'stored' ? storedMediaUrl(ctx.config.http.publicUrl, message.id, item.id) : null,
        error: item.error,
        createdAt: item.createdAt.toISOString(),
      }));
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/media/{mediaId}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Download our copy of one media item of an inbound message',
      request: { params: MediaParamsSchema },
      responses: {
        200: {
          description: 'The bytes, with their content type (served as an attachment)',
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        404: problem('No such message or media item'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { id, mediaId } = c.req.valid('param');
      const tenantId = c.get('tenant').tenantId;
      const [item] = await createTenantScope(ctx.db, tenantId).select(
        messageMedia,
        and(eq(messageMedia.id, mediaId), eq(messageMedia.messageId, id), eq(messageMedia.status, 'stored')),
      );
      const stream = item?.storageKey ? await ctx.storage.get(item.storageKey) : null;
      if (!item || !stream) throw new AppError('not_found', 'No such media item');
      const headers: Record<string, string> = {
        'content-type': item.contentType ?? 'application/octet-stream',
        // Never rendered inline on our origin: the bytes came from a stranger's phone.
        'content-disposition': `attachment; filename="${item.id}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
      };
      if (item.sizeBytes !== null) headers['content-length'] = String(item.sizeBytes);
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, headers) as never;
    },
  );
  return router;
}
