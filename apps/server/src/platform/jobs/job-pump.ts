import type PgBoss from 'pg-boss';

/**
 * Runs up to `concurrency` jobs of one queue at once. Each time slots free up it fetches as many
 * jobs as there are free slots in one query, so a deep queue costs one fetch per batch, not per
 * job (pg-boss's own worker fetches one job per polling interval per worker). Completion and
 * failure are recorded per job as each one ends; an idle queue is polled every `pollingIntervalMs`.
 */
export function startJobPump(options: {
  boss: PgBoss;
  queue: string;
  concurrency: number;
  pollingIntervalMs: number;
  run: (job: PgBoss.Job<unknown>) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  const { boss, queue, concurrency } = options;
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      clearTimeout(timer);
      wake = undefined;
    });

  async function runOne(job: PgBoss.Job<unknown>) {
    try {
      await options.run(job);
      await boss.complete(queue, job.id);
    } catch (error) {
      await boss
        .fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) })
        .catch(options.onError);
    } finally {
      running.delete(job.id);
      wake?.();
    }
  }

  const loop = (async () => {
    while (!stopping) {
      const free = concurrency - running.size;
      if (free <= 0) {
        await sleep(options.pollingIntervalMs);
        continue;
      }
      let jobs: PgBoss.Job<unknown>[] = [];
      try {
        jobs = (await boss.fetch(queue, { batchSize: free })) ?? [];
      } catch (error) {
        options.onError(error);
      }
      if (stopping) {
        // Fetched during shutdown: hand them back for another worker, untouched.
        for (const job of jobs)
          await boss.fail(queue, job.id, { message: 'worker shutting down' }).catch(options.onError);
        break;
      }
      for (const job of jobs) running.set(job.id, runOne(job));
      if (jobs.length < free) await sleep(options.pollingIntervalMs);
    }
  })();

  return {
    /** Stops fetching, waits for running jobs until the deadline; jobs still running are failed (retried later). */
    async stop(deadlineMs: number) {
      stopping = true;
      wake?.();
      await loop;
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(running.values()),
        new Promise<void>((resolve) => {
          deadline = setTimeout(resolve, deadlineMs);
        }),
      ]);
      clearTimeout(deadline);
      for (const id of running.keys()) {
        await boss
          .fail(queue, id, { message: 'worker stopped before the job finished' })
          .catch(options.onError);
      }
    },
  };
}
