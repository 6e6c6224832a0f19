import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../logging/logger';

/** Context variables every handler can read. Auth adds the principal and the tenant-scoped db. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
  };
};

export type AppRouter = OpenAPIHono<AppEnv>;
