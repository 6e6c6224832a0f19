import type { MiddlewareHandler } from 'hono';
import type { Requirement } from '../auth/principal';
import type { Db } from '../db/database';
import { idempotency } from '../idempotency/idempotency';
import type { AppEnv } from './app-env';
import { type Authenticator, authenticate } from './authenticate';
import { type RateLimiter, type RouteClass, rateLimit } from './rate-limit';

export type GuardDeps = { auth: Authenticator; limiter: RateLimiter; db: Db };

/**
 * What stands in front of every authenticated route, in order: who is calling and may they
 * (authenticate), how often (rate limit), and is this a repeat (Idempotency-Key on POST).
 */
export function guard(
  deps: GuardDeps,
  requirement: Requirement & { tenant?: boolean; routeClass?: RouteClass } = {},
): [MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>, MiddlewareHandler<AppEnv>] {
  return [
    authenticate(deps.auth, requirement),
    rateLimit(deps.limiter, requirement.routeClass),
    idempotency(deps.db),
  ];
}

/** Unauthenticated routes (signup, login, password reset): limited per IP. */
export function publicGuard(deps: GuardDeps): MiddlewareHandler<AppEnv> {
  return rateLimit(deps.limiter, 'public');
}
