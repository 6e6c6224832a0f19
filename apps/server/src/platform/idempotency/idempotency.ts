import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Db } from '../db/database';
import { AppError } from '../errors/app-error';
import type { AppEnv } from '../http/app-env';
import { idempotencyKeys } from './idempotency.schema';
import { IDEMPOTENCY_KEEP_HOURS } from './purge-idempotency-keys.job';

const WAIT_FOR_FIRST_MS = 30_000;

/**
 * `Idempotency-Key` on creating POSTs. The first request with a key claims it (an insert only one
 * request can win) and stores its response; a repeat with the same body replays that response, a
 * repeat with another body is refused, and a concurrent duplicate waits for the first to finish.
 */
export function idempotency(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const principal = c.get('principal');
    const scope =
      principal.tenantId ?? (principal.kind === 'user' ? `user:${principal.userId}` : principal.keyId);
    const body = await c.req.raw.clone().text();
    const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');
    const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));

    await db
      .delete(idempotencyKeys)
      .where(
        and(
          where,
          lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEEP_HOURS})`),
        ),
      );
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    if (claimed.length === 0) return replay(c, db, where!, requestHash);

    try {
      await next();
    } catch (error) {
      await db.delete(idempotencyKeys).where(where);
      throw error;
    }
    // Server errors are not remembered: the client may retry them with the same key.
    if (c.res.status >= 500 || c.error) {
      await db.delete(idempotencyKeys).where(where);
      return;
    }
    const stored = c.res.clone();
    await db
      .update(idempotencyKeys)
      .set({
        responseStatus: stored.status,
        responseBody: await stored.text(),
        responseContentType: stored.headers.get('content-type'),
        completedAt: new Date(),
      })
      .where(where);
  };
}

async function replay(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  db: Db,
  where: ReturnType<typeof and>,
  requestHash: string,
) {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const [row] = await db.select().from(idempotencyKeys).where(where);
    if (!row) throw new AppError('conflict', 'The first request with this Idempotency-Key failed; retry it');
    if (row.requestHash !== requestHash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body',
      );
    }
    if (row.completedAt && row.responseStatus !== null) {
      c.header('idempotent-replayed', 'true');
      if (row.responseContentType) c.header('content-type', row.responseContentType);
      return c.body(row.responseBody ?? '', row.responseStatus as ContentfulStatusCode);
    }
    if (Date.now() > deadline)
      throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress');
    // The first request is still running in another connection (maybe another node): poll its row.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
