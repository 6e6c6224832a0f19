import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { MEDIA_TYPES } from '../../channels/whatsapp/meta/whatsapp-content';
import { newId } from '../../platform/db/ids';
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
import { checkMedia } from './media-limits';
import { whatsappMedia } from './whatsapp.schema';

const UploadSchema = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }),
  kind: z.enum(MEDIA_TYPES).optional().openapi({ description: 'Send it as (default: from its type)' }),
});
const MediaSchema = z
  .object({
    id: z.string(),
    kind: z.enum(MEDIA_TYPES),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    filename: z.string().nullable(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi('WhatsAppMedia');
const view = (row: typeof whatsappMedia.$inferSelect) => ({
  id: row.id,
  kind: row.kind as (typeof MEDIA_TYPES)[number],
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  filename: row.filename,
  sha256: row.sha256,
  createdAt: row.createdAt.toISOString(),
});
const tags = ['whatsapp'];

/**
 * `/v1/whatsapp/media`: upload an image, video, audio, sticker or document once (checked against
 * WhatsApp's types and sizes) and send it by id; the adapter uploads it to WhatsApp at send time.
 * Uploads are also bounded by HTTP_BODY_LIMIT_BYTES.
 */
export function createWhatsAppMediaRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'messages:write' });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/media',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Upload media to send (multipart/form-data: file, optional kind)',
      request: { body: { content: { 'multipart/form-data': { schema: UploadSchema } }, required: true } },
      responses: {
        201: jsonContent(MediaSchema, 'Stored: send it with mediaId'),
        422: problem('A type WhatsApp does not carry, too large, or not what it claims to be'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const { file, kind } = c.req.valid('form');
      const body = new Uint8Array(await file.arrayBuffer());
      const check = checkMedia(file.type, body, kind);
      if (!check.ok)
        throw new AppError('validation_failed', `file: ${check.message}`, {
          details: { errors: [{ path: 'file', message: check.message }] },
        });
      const tenant = c.get('tenant');
      const id = newId('wam');
      const storageKey = `whatsapp/${tenant.tenantId}/${id}`;
      await ctx.storage.put(storageKey, body, { contentType: file.type });
      const [row] = await tenant.insert(whatsappMedia, {
        id,
        storageKey,
        kind: check.kind,
        contentType: file.type.split(';')[0]!.trim().toLowerCase(),
        sizeBytes: body.byteLength,
        filename: file.name && file.name !== 'blob' ? file.name.slice(0, 240) : null,
        sha256: createHash('sha256').update(body).digest('hex'),
      });
      return c.json(view(row!), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/media/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'An uploaded media item',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(MediaSchema, 'The item'),
        404: problem('No such media in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c
        .get('tenant')
        .select(whatsappMedia, eq(whatsappMedia.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No media with this id');
      return c.json(view(row), 200);
    },
  );
  return router;
}
