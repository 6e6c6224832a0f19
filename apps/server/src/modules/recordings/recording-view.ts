import { z } from '@hono/zod-openapi';
import type { AppContext } from '../../app-context';
import { signedRecordingUrl } from './recording-url';
import type { RecordingRow } from './recordings.schema';

export const RecordingSchema = z
  .object({
    id: z.string(),
    callId: z.string(),
    status: z.string(),
    contentType: z.string(),
    durationSeconds: z.number().int().nullable(),
    sizeBytes: z.number().int().nullable(),
    mediaUrl: z.string().nullable().openapi({
      description:
        'Signed download URL, usable without an API key until it expires (RECORDING_URL_TTL_SECONDS, default 1 h); a fresh one comes with every read. Null when the recording has no audio.',
    }),
    createdAt: z.string(),
  })
  .openapi('Recording');
export type Recording = z.infer<typeof RecordingSchema>;

export const recordingView =
  (ctx: Pick<AppContext, 'accessTokenKey' | 'config'>) =>
  (row: RecordingRow): Recording => ({
    id: row.id,
    callId: row.callId,
    status: row.status,
    contentType: row.contentType,
    durationSeconds: row.durationSeconds,
    sizeBytes: row.sizeBytes,
    mediaUrl: row.storageKey ? signedRecordingUrl(ctx, row.id) : null,
    createdAt: row.createdAt.toISOString(),
  });
