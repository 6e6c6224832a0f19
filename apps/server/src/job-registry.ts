import type { Db } from './platform/db/database';
import { purgeIdempotencyKeysJob } from './platform/idempotency/purge-idempotency-keys.job';
import type { AnyJobDefinition, JobQueue } from './platform/jobs/job';

/** Every module's job definitions: the worker role runs these. Modules add their jobs here. */
export function registeredJobs(db: Db): AnyJobDefinition[] {
  return [purgeIdempotencyKeysJob(db)];
}

/** Recurring jobs, scheduled by every worker (pg-boss keeps one schedule per job name). */
export async function scheduleRecurringJobs(jobs: JobQueue, db: Db) {
  await jobs.schedule(purgeIdempotencyKeysJob(db), '17 * * * *', {});
}
