import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal } from '../auth/principal';
import type { TenantScope } from '../db/tenant-scope';
import type { Logger } from '../logging/logger';

/** Context variables every handler can read. `principal` and `tenant` exist behind `authenticate`. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
    tenant: TenantScope;
  };
};

export type AppRouter = OpenAPIHono<AppEnv>;
