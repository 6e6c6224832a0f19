import PgBoss from 'pg-boss';
import type { Database } from '../db/database';
import { executeOnTransaction } from '../db/sql-on-transaction';
import { AppError } from '../errors/app-error';
import type { Metrics } from '../http/metrics';
import type { Logger } from '../logging/logger';
import type { AnyJobDefinition, EnqueueOptions, JobQueue } from './job';
import { startJobPump } from './job-pump';

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
  const pumps: ReturnType<typeof startJobPump>[] = [];

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

    async work(workOptions = {}) {
      const role = workOptions.role ?? 'worker';
      for (const definition of definitions.values()) {
        if ((definition.role ?? 'worker') !== role) continue;
        pumps.push(
          startJobPump({
            boss,
            queue: definition.name,
            concurrency: definition.concurrency ?? 1,
            pollingIntervalMs: options.pollingIntervalMs,
            run: (job) => runJob(definition, job),
            onError: (error) => logger.error({ err: error, job: definition.name }, 'job queue error'),
          }),
        );
      }
    },

    async stop({ timeoutMs }) {
      // Running handlers get until the deadline; those still running are failed, so they are retried.
      await Promise.all(pumps.map((pump) => pump.stop(timeoutMs)));
      await boss.stop({ graceful: true, wait: true, timeout: 1000, close: false });
    },

    async ping() {
      await boss.getQueues();
    },
  };
}
