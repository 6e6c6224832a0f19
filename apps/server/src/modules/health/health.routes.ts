import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../platform/http/create-app';

export type ReadinessCheck = () => Promise<void>;

const CheckSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const ReadySchema = z
  .object({ status: z.enum(['ready', 'unavailable']), checks: z.record(z.string(), CheckSchema) })
  .openapi('Readiness');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness: the process is up and serving HTTP',
  responses: {
    200: {
      description: 'Alive',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['system'],
  summary: 'Readiness: the database, the job queue and the event bus answer',
  responses: {
    200: { description: 'Ready to take traffic', content: { 'application/json': { schema: ReadySchema } } },
    503: {
      description: 'A dependency is down, or the process is shutting down',
      content: { 'application/json': { schema: ReadySchema } },
    },
  },
});

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRoutes(options: {
  checks: Record<string, ReadinessCheck>;
  isShuttingDown: () => boolean;
}) {
  const router = createRouter();
  router.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
  router.openapi(ready, async (c) => {
    const entries = await Promise.all(
      Object.entries(options.checks).map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    if (options.isShuttingDown()) checks.process = { ok: false, ms: 0, error: 'shutting down' };
    const ok = Object.values(checks).every((check) => check.ok);
    return ok
      ? c.json({ status: 'ready' as const, checks }, 200)
      : c.json({ status: 'unavailable' as const, checks }, 503);
  });
  return router;
}
