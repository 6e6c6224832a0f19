import { and, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { defineJob } from '../../platform/jobs/job';
import { statusReceipts } from './messages.schema';

/** Applied receipts only serve dedupe of late redeliveries, which providers stop within days. */
export const APPLIED_RECEIPT_DAYS = 7;
/** A receipt held this long names a send that never stored its provider id: it will never match. */
export const HELD_RECEIPT_DAYS = 30;

export async function purgeStatusReceipts(db: Db): Promise<number> {
  const olderThan = (days: number) =>
    lt(statusReceipts.receivedAt, sql`now() - make_interval(days => ${days})`);
  const deleted = await db
    .delete(statusReceipts)
    .where(
      or(
        and(isNotNull(statusReceipts.appliedAt), olderThan(APPLIED_RECEIPT_DAYS)),
        and(isNull(statusReceipts.appliedAt), olderThan(HELD_RECEIPT_DAYS)),
      ),
    )
    .returning({ id: statusReceipts.id });
  return deleted.length;
}

export const purgeStatusReceiptsJob = (db: Db) =>
  defineJob({
    name: 'messages.purge-status-receipts',
    payload: z.object({}),
    retryLimit: 1,
    async handler(_payload, { logger }) {
      const purged = await purgeStatusReceipts(db);
      if (purged > 0) logger.info({ purged }, 'old provider status receipts purged');
    },
  });
