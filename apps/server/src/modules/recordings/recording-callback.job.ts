import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { guardedFetch } from '../../platform/http/guarded-fetch';
import { defineJob, type JobSpec } from '../../platform/jobs/job';
import { signedCallbackRequest } from '../../voice/calls/status-callbacks';
import { signedRecordingUrl } from './recording-url';
import { recordings } from './recordings.schema';

const PayloadSchema = z.object({ recordingId: z.string(), url: z.string().url() });

/**
 * Record's `recordingStatusCallback`: enqueued on the transaction that stores the recording (outbox),
 * so it is sent once the recording exists, even if the voice node dies right after.
 */
export const RECORDING_CALLBACK: JobSpec<z.infer<typeof PayloadSchema>> = {
  name: 'recordings.status-callback',
  payload: PayloadSchema,
};

type Ctx = Pick<AppContext, 'db' | 'encryptor' | 'tenantSettings' | 'config' | 'accessTokenKey'>;

/** Twilio's recording status callback parameters, RecordingUrl signed (usable without an API key). */
export function recordingCallbackParams(
  ctx: Ctx,
  row: typeof recordings.$inferSelect,
): Record<string, string> {
  return {
    AccountSid: row.tenantId,
    CallSid: row.callId,
    RecordingSid: row.id,
    RecordingUrl: row.storageKey ? signedRecordingUrl(ctx, row.id) : '',
    RecordingStatus: row.status === 'completed' ? 'completed' : 'failed',
    RecordingDuration: String(row.durationSeconds ?? 0),
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: row.createdAt.toUTCString(),
    ...(row.status === 'completed' ? {} : { ErrorCode: '0' }),
  };
}

/**
 * POSTs the callback, form-encoded and signed like status callbacks. A non-2xx answer or a network
 * error fails the job, and pg-boss retries it (delivery is at least once, like Twilio's).
 */
export const recordingCallbackJob = (ctx: Ctx) =>
  defineJob({
    ...RECORDING_CALLBACK,
    retryLimit: 3,
    retryDelaySeconds: 5,
    concurrency: 4,
    async handler(payload, { logger }) {
      const [row] = await ctx.db.select().from(recordings).where(eq(recordings.id, payload.recordingId));
      if (!row) {
        logger.info({ recordingId: payload.recordingId }, 'recording gone before its status callback');
        return;
      }
      const params = recordingCallbackParams(ctx, row);
      const { headers, body } = await signedCallbackRequest(ctx, row.tenantId, payload.url, params);
      const response = await guardedFetch(payload.url, {
        method: 'POST',
        headers,
        body,
        allowPrivate: ctx.config.webhooks.allowPrivate,
        timeoutMs: 10_000,
        maxBytes: 64 * 1024,
      });
      if (!response.ok) throw new Error(`recording status callback answered ${response.status}`);
    },
  });
