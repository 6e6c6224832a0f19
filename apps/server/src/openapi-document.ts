import { loadConfig } from './config';
import { createMetrics } from './platform/http/metrics';
import { createLogger } from './platform/logging/logger';
import { createApi, openApiInfo } from './routes';

/**
 * The OpenAPI document of the real router, built without a database or a listening server:
 * for `iris openapi` and for generating the SDK's types.
 */
export function buildOpenApiDocument(serverUrl = 'http://localhost:3000') {
  const api = createApi({
    config: loadConfig({}),
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    checks: {},
    isShuttingDown: () => false,
  });
  return api.getOpenAPI31Document(openApiInfo(serverUrl));
}
