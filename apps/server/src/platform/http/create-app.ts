import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { AppError } from '../errors/app-error';
import { validationError } from '../errors/problem';
import type { Logger } from '../logging/logger';
import type { AppEnv, AppRouter } from './app-env';
import { handleError, problemResponse } from './errors';
import { createAllowedMethods } from './method-not-allowed';
import type { Metrics } from './metrics';

export type HttpOptions = { logger: Logger; metrics: Metrics; bodyLimitBytes: number };

/** An OpenAPIHono router whose schema failures become 422 problems naming each field. */
export function createRouter(): AppRouter {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

/** The root app: cross-cutting middleware and error mapping. Feature routers are mounted on it. */
export function createHttpApp(options: HttpOptions): AppRouter {
  const app = createRouter();
  const allowedMethods = createAllowedMethods(app as never);

  app.use(
    requestId({
      headerName: 'x-request-id',
      // Accept a caller's id only if it is safe to echo into logs and headers.
      generator: () => crypto.randomUUID(),
      limitLength: 128,
    }),
  );
  app.use(async (c, next) => {
    const logger = options.logger.child({ requestId: c.get('requestId') });
    c.set('logger', logger);
    const started = performance.now();
    await next();
    const route = routePath(c) || 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    options.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    options.metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) },
      'request',
    );
  });
  app.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes,
      onError: () => {
        throw new AppError('payload_too_large', `The request body exceeds ${options.bodyLimitBytes} bytes`);
      },
    }),
  );

  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    if (allow.length > 0) {
      return problemResponse(
        c,
        new AppError('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`, {
          details: { headers: { allow: allow.join(', ') } },
        }),
      );
    }
    return problemResponse(c, new AppError('not_found', `No route matches ${c.req.method} ${c.req.path}`));
  });
  app.onError(handleError);
  return app;
}
