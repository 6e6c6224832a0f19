import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, type SQL } from 'drizzle-orm';
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
import { createRouter } from '../../platform/http/create-app';
import { guard } from '../../platform/http/guard';
import { type RecordingRow, recordings } from './recordings.schema';

export const RecordingSchema = z
  .object({
    id: z.string(),
    callId: z.string(),
    status: z.string(),
    contentType: z.string(),
    durationSeconds: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi('Recording');
const view = (row: RecordingRow): z.infer<typeof RecordingSchema> => ({
  id: row.id,
  callId: row.callId,
  status: row.status,
  contentType: row.contentType,
  durationSeconds: row.durationSeconds,
  sizeBytes: row.sizeBytes,
  createdAt: row.createdAt.toISOString(),
});
const ListQuerySchema = PageQuerySchema.extend({ callId: z.string().max(64).optional() });
const tags = ['recordings'];

/** `/v1/recordings`: list, read, download (the WAV) and delete call recordings. */
export function createRecordingRoutes(ctx: AppContext) {
  const router = createRouter();
  const read = guard(ctx, { role: 'agent', scope: 'read' });
  const write = guard(ctx, { role: 'agent', scope: 'calls:write' });

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
      summary: 'Get a recording',
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
      security: SECURITY,
      middleware: read,
      summary: 'Download the recording (audio/wav)',
      request: { params: IdParamSchema },
      responses: {
        200: {
          description: 'The WAV file',
          content: { 'audio/wav': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        404: problem('No such recording in this tenant, or its audio is gone'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').select(recordings, eq(recordings.id, c.req.valid('param').id));
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
      summary: 'Delete a recording and its audio',
      request: { params: IdParamSchema },
      responses: {
        204: { description: 'Deleted' },
        404: problem('No such recording in this tenant'),
        ...AUTHENTICATED_ERRORS,
      },
    }),
    async (c) => {
      const [row] = await c.get('tenant').delete(recordings, eq(recordings.id, c.req.valid('param').id));
      if (!row) throw new AppError('not_found', 'No recording with this id');
      if (row.storageKey) await ctx.storage.delete(row.storageKey);
      return c.body(null, 204);
    },
  );

  return router;
}
