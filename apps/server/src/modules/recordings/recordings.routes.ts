import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, type SQL } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { AppContext } from '../../app-context';
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
import type { AppEnv } from '../../platform/http/app-env';
import { createRouter } from '../../platform/http/create-app';
import { guard, publicGuard } from '../../platform/http/guard';
import { deleteRecording } from './delete-recording';
import { verifyRecordingSignature } from './recording-url';
import { RecordingSchema, recordingView } from './recording-view';
import { type RecordingRow, recordings } from './recordings.schema';

const ListQuerySchema = PageQuerySchema.extend({ callId: z.string().max(64).optional() });
const MediaQuerySchema = z.object({
  expires: z.string().max(16).optional().openapi({ description: 'Signed URLs: expiry, unix seconds' }),
  signature: z.string().max(64).optional().openapi({ description: 'Signed URLs: the signature' }),
});
const tags = ['recordings'];

/** `/v1/recordings`: list, read, download (the WAV, by API key or signed URL) and delete call recordings. */
export function createRecordingRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'calls:write' });
  const view = recordingView(ctx);
  // A signed URL is its own credential (like Twilio's RecordingUrl): limited per IP, checked in the
  // handler. Without a signature the route is an ordinary authenticated one.
  const authenticated = every(...read) as MiddlewareHandler<AppEnv>;
  const perIp = publicGuard(ctx);
  const signedOrRead: MiddlewareHandler<AppEnv> = (c, next) =>
    c.req.query('signature') === undefined ? authenticated(c, next) : perIp(c, next);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'List recordings, newest first (filter: callId)',
      request: { query: ListQuerySchema },
      responses: { 200: jsonContent(page(RecordingSchema), 'A page of recordings'), ...AUTHENTICATED_ERRORS },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const filters: (SQL | undefined)[] = [query.callId ? eq(recordings.callId, query.callId) : undefined];
      return c.json(await c.get('tenant').page(recordings, query, view, and(...filters)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: read,
      summary: 'Get a recording (with a fresh signed mediaUrl)',
      request: { params: IdParamSchema },
      responses: {
        200: jsonContent(RecordingSchema, 'The recording'),
        404: problem('No such recording in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(recordings, eq(recordings.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No recording with this id');
      return c.json(view(row), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}/media',
      tags,
      security: [...SECURITY, {}],
      middleware: signedOrRead,
      summary: 'Download the recording (audio/wav): with an API key, or through its signed mediaUrl',
      request: { params: IdParamSchema, query: MediaQuerySchema },
      responses: {
        200: {
          description: 'The WAV file',
          content: { 'audio/wav': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        404: problem('No such recording in this tenant, or its audio is gone'),
        ...AUTHENTICATED_ERRORS,
        403: problem('The signature is wrong or has expired (signed URLs), or the caller may not read'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { expires, signature } = c.req.valid('query');
      let row: RecordingRow | undefined;
      if (signature !== undefined) {
        if (!verifyRecordingSignature(ctx, id, { expires: expires ?? '', signature }))
          throw new AppError('forbidden', 'This recording URL is not valid or has expired');
        // The signature names the recording: no tenant to scope by, the id is the whole grant.
        [row] = await ctx.db.select().from(recordings).where(eq(recordings.id, id));
      } else {
        [row] = await c.get('tenant').select(recordings, eq(recordings.id, id));
      }
      const stream = row?.storageKey ? await ctx.storage.get(row.storageKey) : null;
      if (!row || !stream) throw new AppError('not_found', 'No recording with this id');
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        status: 200,
        headers: {
          'content-type': row.contentType,
          'content-disposition': `attachment; filename="${row.id}.wav"`,
        },
      }) as never;
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      security: SECURITY,
      middleware: write,
      summary: 'Delete a recording and its audio (emits recording.deleted)',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such recording in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(recordings, eq(recordings.id, c.req.valid('param').id));
      if (!row || !(await deleteRecording(ctx, row)))
        throw new AppError('not_found', 'No recording with this id');
      return c.body(null, 204);
    },
  );

  return router;
}
