import type { z } from 'zod';
import type { Tx } from '../db/database';
import type { Logger } from '../logging/logger';

export type JobContext = { jobId: string; logger: Logger };

/**
 * A durable job: a name, a Zod payload and an idempotent handler (running it twice must have the
 * effect of running it once: a worker can die after the effect and before the job is marked done).
 */
export type JobDefinition<P = unknown> = {
  name: string;
  payload: z.ZodType<P>;
  // Method syntax on purpose: it lets a list of jobs with different payloads share one type.
  handler(payload: P, context: JobContext): Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job whose worker vanished (crash, SIGKILL) is retried after this long. */
  expireInSeconds?: number;
  /** Handlers of this job running at once in each worker process (default 1). */
  concurrency?: number;
  /**
   * Which nodes consume the job: the worker role (default), or only nodes running the voice role
   * (the job needs the SIP stack and media of the node it runs on).
   */
  role?: 'worker' | 'voice';
};

/** A job of any payload type, as lists of jobs hold them. */
export type AnyJobDefinition = JobDefinition<unknown>;

/** What enqueuing needs to know of a job: its name and payload. Callers need not build its handler. */
export type JobSpec<P> = Pick<JobDefinition<P>, 'name' | 'payload'>;

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export type EnqueueOptions = {
  /** Enqueue on the caller's transaction: the job exists if and only if the transaction commits. */
  tx?: Tx;
  startAfter?: Date;
  /** At most one queued job with this key (e.g. one send per message id). */
  singletonKey?: string;
};

export type JobQueue = {
  /** Creates the queues; must run before enqueue or work. */
  register(definitions: AnyJobDefinition[]): Promise<void>;
  enqueue<P>(job: JobSpec<P>, payload: P, options?: EnqueueOptions): Promise<string>;
  /** Runs `job` on a cron schedule (UTC), once per schedule across all workers. */
  schedule<P>(job: JobSpec<P>, cron: string, payload: P): Promise<void>;
  /** Starts workers for the registered jobs of a role (default: the worker role's). */
  work(options?: { role?: 'worker' | 'voice' }): Promise<void>;
  /** Stops polling, waits for running handlers up to the deadline. */
  stop(options: { timeoutMs: number }): Promise<void>;
  ping(): Promise<void>;
};
