import type { Context, MiddlewareHandler } from 'hono';
import type { TenantSettingsCache } from '../../modules/tenants/tenant-settings-cache';
import { AppError } from '../errors/app-error';
import type { RateLimitStore } from '../rate-limit/rate-limit-store';
import type { AppEnv } from './app-env';
import { clientAddress } from './client-address';

/** Requests per minute by route class: the platform defaults, which a tenant's settings may override. */
export const DEFAULT_LIMITS = { read: 100, write: 300, send: 6000, call_create: 10 } as const;
export type RouteClass = keyof typeof DEFAULT_LIMITS | 'public';
/** One address may carry several keys and users (an office, a NAT): its bucket is larger. */
const IP_FACTOR = 10;

export type RateLimiter = {
  store: RateLimitStore;
  tenantSettings: TenantSettingsCache;
  publicPerMinute: number;
};

export function classOf(c: Context): RouteClass {
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write';
}

/**
 * Token buckets per caller (API key or user) and per IP, for the route's class. Sets the
 * RateLimit-Limit / -Remaining / -Reset headers; an empty bucket is a 429 problem with Retry-After.
 */
export function rateLimit(limiter: RateLimiter, routeClass?: RouteClass): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cls = routeClass ?? classOf(c);
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    let limit: number = cls === 'public' ? limiter.publicPerMinute : DEFAULT_LIMITS[cls];
    if (principal?.tenantId && cls !== 'public') {
      const override = (await limiter.tenantSettings.get(principal.tenantId))?.settings.rateLimits?.[cls];
      if (override) limit = override;
    }
    const perMinute = (n: number) => ({ capacity: n, refillPerSecond: n / 60 });
    const ip = clientAddress(c);
    const who = principal ? (principal.kind === 'api_key' ? principal.keyId : principal.userId) : `ip:${ip}`;
    const [caller, address] = await Promise.all([
      limiter.store.take(`${cls}:${who}`, perMinute(limit)),
      principal ? limiter.store.take(`${cls}:ip:${ip}`, perMinute(limit * IP_FACTOR)) : undefined,
    ]);
    c.header('RateLimit-Limit', String(limit));
    c.header('RateLimit-Remaining', String(caller.remaining));
    c.header('RateLimit-Reset', String(caller.resetSeconds));
    const refused = [caller, address].filter((s) => s && !s.allowed);
    if (refused.length > 0) {
      const retryAfter = Math.max(...refused.map((s) => s!.retryAfterSeconds));
      throw new AppError(
        'rate_limited',
        `Rate limit of ${limit} ${cls} requests per minute exceeded; retry in ${retryAfter} s`,
        {
          details: { headers: { 'retry-after': String(retryAfter) } },
        },
      );
    }
    await next();
  };
}
