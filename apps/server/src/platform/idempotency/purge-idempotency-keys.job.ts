import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/database';
import { defineJob } from '../jobs/job';
import { idempotencyKeys } from './idempotency.schema';

export const IDEMPOTENCY_KEEP_HOURS = 24;

export async function purgeIdempotencyKeys(db: Db): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEEP_HOURS})`))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}

/** Hourly: idempotency keys are kept 24 hours, then forgotten. */
export const purgeIdempotencyKeysJob = (db: Db) =>
  defineJob({
    name: 'idempotency.purge',
    payload: z.object({}),
    retryLimit: 1,
    async handler(_payload, { logger }) {
      const purged = await purgeIdempotencyKeys(db);
      if (purged > 0) logger.info({ purged }, 'expired idempotency keys purged');
    },
  });
