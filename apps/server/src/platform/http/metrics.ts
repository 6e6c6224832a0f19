import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per process (not prom-client's global one), so several apps can live in one test run. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'iris_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'iris_http_requests_total',
      help: 'HTTP requests handled, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'iris_http_request_duration_seconds',
      help: 'HTTP request latency, by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'iris_jobs_processed_total',
      help: 'Jobs run by this worker, by job name and outcome (completed or failed)',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'iris_job_duration_seconds',
      help: 'Job handler duration, by job name',
      labelNames: ['job'] as const,
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60],
      registers: [registry],
    }),
  };
}
