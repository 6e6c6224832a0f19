/**
 * Discord's per-route rate-limit buckets, as its headers describe them (never hard-coded): each
 * answer names the route's bucket (X-RateLimit-Bucket) and how many requests remain until it
 * resets; buckets are per major parameter (the channel). A 429 blocks the bucket — or every
 * route, when global — for `retry_after`.
 */
export function createDiscordRateLimits(now: () => number = Date.now) {
  const bucketOfRoute = new Map<string, string>();
  const blockedUntil = new Map<string, number>();
  let globalUntil = 0;

  const keyOf = (route: string, major: string) => `${bucketOfRoute.get(route) ?? route}:${major}`;

  return {
    /** How long to wait before this route may be called for `major` (0: now). */
    delayFor(route: string, major: string): number {
      const until = Math.max(globalUntil, blockedUntil.get(keyOf(route, major)) ?? 0);
      return Math.max(0, until - now());
    },
    /** Learns from any answer's headers (a 2xx's remaining count, or a 429's reset). */
    observe(route: string, major: string, headers: Headers) {
      const bucket = headers.get('x-ratelimit-bucket');
      if (bucket) bucketOfRoute.set(route, bucket);
      const remaining = headers.get('x-ratelimit-remaining');
      const resetAfter = Number(headers.get('x-ratelimit-reset-after'));
      const key = keyOf(route, major);
      if (remaining === '0' && Number.isFinite(resetAfter))
        blockedUntil.set(key, now() + Math.ceil(resetAfter * 1000));
      else if (remaining !== null) blockedUntil.delete(key);
    },
    /** A 429: nothing goes to this bucket (or, if global, anywhere) for `retryAfterMs`. */
    tooMany(route: string, major: string, retryAfterMs: number, global: boolean) {
      const until = now() + retryAfterMs;
      if (global) globalUntil = Math.max(globalUntil, until);
      else blockedUntil.set(keyOf(route, major), until);
    },
  };
}
export type DiscordRateLimits = ReturnType<typeof createDiscordRateLimits>;
