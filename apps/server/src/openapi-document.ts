import type { AppContext } from './app-context';
import { loadConfig } from './config';
import { createMetrics } from './platform/http/metrics';
import { createLogger } from './platform/logging/logger';
import { createApi, openApiInfo } from './routes';

/**
 * The OpenAPI document of the real router, built without a database or a listening server:
 * for `iris openapi` and for generating the SDK's types. Building the routers only wires handlers
 * to the context; nothing here serves a request, so no database, bus or store is needed.
 */
export function buildOpenApiDocument(serverUrl = 'http://localhost:3000') {
  const ctx = {
    config: loadConfig({}),
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    // Routers derive keys while being built; none signs anything here.
    accessTokenKey: new Uint8Array(32),
  } as AppContext;
  const api = createApi(ctx, { checks: {}, isShuttingDown: () => false });
  return api.getOpenAPI31Document(openApiInfo(serverUrl));
}
