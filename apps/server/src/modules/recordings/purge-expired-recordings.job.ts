import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { defineJob } from '../../platform/jobs/job';
import { tenants } from '../tenants/tenants.schema';
import { deleteRecording } from './delete-recording';
import { recordings } from './recordings.schema';

type Ctx = Pick<AppContext, 'db' | 'jobs' | 'storage'>;
const BATCH = 200;

/**
 * Deletes every recording older than its tenant's `voice.recordingRetentionDays` (object, row,
 * `recording.deleted`), in batches until none is left. Reads the setting in the same query as the
 * recordings (a join on tenants), not through the per-tenant cache: one statement finds the work for
 * every tenant. Safe to run twice or on two workers at once: deleteRecording emits only for the row
 * it actually deleted.
 */
export async function purgeExpiredRecordings(ctx: Ctx): Promise<number> {
  const days = sql`(${tenants.settings} -> 'voice' ->> 'recordingRetentionDays')::int`;
  let purged = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ recording: recordings })
      .from(recordings)
      .innerJoin(tenants, eq(tenants.id, recordings.tenantId))
      .where(
        and(
          isNotNull(sql`${tenants.settings} -> 'voice' -> 'recordingRetentionDays'`),
          lt(recordings.createdAt, sql`now() - make_interval(days => ${days})`),
        ),
      )
      .orderBy(recordings.createdAt)
      .limit(BATCH);
    for (const { recording } of rows) if (await deleteRecording(ctx, recording)) purged += 1;
    if (rows.length < BATCH) return purged;
  }
}

export const purgeExpiredRecordingsJob = (ctx: Ctx) =>
  defineJob({
    name: 'recordings.purge-expired',
    payload: z.object({}),
    retryLimit: 2,
    expireInSeconds: 3600,
    async handler(_payload, { logger }) {
      const purged = await purgeExpiredRecordings(ctx);
      if (purged > 0) logger.info({ purged }, 'recordings past their tenant retention deleted');
    },
  });
