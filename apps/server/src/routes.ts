import type { Config } from './config';
import { createHealthRoutes, type ReadinessCheck } from './modules/health/health.routes';
import { createApiDocs } from './platform/http/api-docs';
import type { AppRouter } from './platform/http/app-env';
import { createHttpApp } from './platform/http/create-app';
import type { Metrics } from './platform/http/metrics';
import type { Logger } from './platform/logging/logger';

export const OPENAPI_PATH = '/v1/openapi.json';

export function openApiInfo(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'IRIS API',
      version: '1.0.0',
      description:
        'Messaging, email, chat, voice and contact-center API. Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: serverUrl }],
  };
}

export type ApiDependencies = {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  isShuttingDown: () => boolean;
};

/** The whole HTTP surface: every feature router is mounted here, once. */
export function createApi(deps: ApiDependencies): AppRouter {
  const app = createHttpApp({
    logger: deps.logger,
    metrics: deps.metrics,
    bodyLimitBytes: deps.config.http.bodyLimitBytes,
  });
  app.route('/', createHealthRoutes({ checks: deps.checks, isShuttingDown: deps.isShuttingDown }));
  app.get('/metrics', async (c) =>
    c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }),
  );
  app.doc31(OPENAPI_PATH, openApiInfo(deps.config.http.publicUrl));
  app.route('/docs', createApiDocs({ specUrl: OPENAPI_PATH }));
  return app;
}
