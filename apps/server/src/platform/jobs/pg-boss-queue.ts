import PgBoss from 'pg-boss';
import type { Database } from '../db/database';
import { executeOnTransaction } from '../db/sql-on-transaction';
import { AppError } from '../errors/app-error';
import type { Metrics } from '../http/metrics';
import type { Logger } from '../logging/logger';
import type { AnyJobDefinition, EnqueueOptions, JobQueue } from './job';

export type PgBossQueueOptions = {
  database: Database;
  logger: Logger;
  metrics?: Metrics;
  pollingIntervalMs: number;
  maintenanceIntervalSeconds: number;
};

const DEFAULTS = { retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 15 * 60 };

/** pg-boss on our own database handle, so jobs live in the same database (and transactions) as the data. */
export async function createPgBossQueue(options: PgBossQueueOptions): Promise<JobQueue> {
  const { database, logger, metrics } = options;
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: 'pgboss',
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();

  const definitions = new Map<string, AnyJobDefinition>();

  async function runJob(definition: AnyJobDefinition, job: PgBoss.Job<unknown>) {
    const end = metrics?.jobDuration.startTimer({ job: definition.name });
    const jobLogger = logger.child({ job: definition.name, jobId: job.id });
    try {
      const payload = definition.payload.parse(job.data);
      await definition.handler(payload, { jobId: job.id, logger: jobLogger });
      metrics?.jobsProcessed.inc({ job: definition.name, outcome: 'completed' });
    } catch (error) {
      metrics?.jobsProcessed.inc({ job: definition.name, outcome: 'failed' });
      jobLogger.warn({ err: error }, 'job failed');
      throw error;
    } finally {
      end?.();
    }
  }

  return {
    async register(list) {
      for (const definition of list) {
        definitions.set(definition.name, definition);
        const policy = {
          name: definition.name,
          retryLimit: definition.retryLimit ?? DEFAULTS.retryLimit,
          retryDelay: definition.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: definition.expireInSeconds ?? DEFAULTS.expireInSeconds,
        };
        const existing = await boss.getQueue(definition.name);
        if (existing) await boss.updateQueue(definition.name, policy);
        else await boss.createQueue(definition.name, policy);
      }
    },

    async enqueue(job, payload, enqueueOptions: EnqueueOptions = {}) {
      if (!definitions.has(job.name)) throw new Error(`job ${job.name} is not registered`);
      const data = job.payload.parse(payload);
      const { tx } = enqueueOptions;
      const id = await boss.send(job.name, data as object, {
        startAfter: enqueueOptions.startAfter,
        singletonKey: enqueueOptions.singletonKey,
        ...(tx
          ? {
              db: {
                executeSql: (text: string, values?: unknown[]) => executeOnTransaction(tx, text, values),
              },
            }
          : {}),
      });
      if (!id)
        throw new AppError(
          'conflict',
          `a ${job.name} job with key ${enqueueOptions.singletonKey} is already queued`,
        );
      return id;
    },

    async schedule(job, cron, payload) {
      if (!definitions.has(job.name)) throw new Error(`job ${job.name} is not registered`);
      await boss.schedule(job.name, cron, job.payload.parse(payload) as object, { tz: 'UTC' });
    },

    async work() {
      for (const definition of definitions.values()) {
        // Each pg-boss worker runs one job at a time: `concurrency` workers run that many. pg-boss
        // sleeps a polling interval after every fetch; a worker that found a job skips the sleep
        // (notifyWorker), so a busy queue drains at full speed and only an idle one is polled.
        for (let i = 0; i < (definition.concurrency ?? 1); i++) {
          const workerId: string = await boss.work(
            definition.name,
            { pollingIntervalSeconds: options.pollingIntervalMs / 1000, batchSize: 1 },
            async ([job]) => {
              if (!job) return;
              try {
                await runJob(definition, job);
              } finally {
                boss.notifyWorker(workerId);
              }
            },
          );
        }
      }
    },

    async stop({ timeoutMs }) {
      // Handlers still running at the deadline are marked failed, so they are retried, not lost.
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    },

    async ping() {
      await boss.getQueues();
    },
  };
}
