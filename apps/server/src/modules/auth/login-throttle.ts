import type { Config } from '../../config';
import { AppError } from '../../platform/errors/app-error';
import type { Bucket, RateLimitStore } from '../../platform/rate-limit/rate-limit-store';

/**
 * Wrong passwords spend tokens from two buckets, one per account and one per IP. An empty bucket
 * locks logins out, the right password included, until enough time has passed.
 */
export function createLoginThrottle(options: { store: RateLimitStore; config: Config }) {
  const { loginMaxFailures, loginLockoutSeconds } = options.config.auth;
  const account: Bucket = {
    capacity: loginMaxFailures,
    refillPerSecond: loginMaxFailures / loginLockoutSeconds,
  };
  const ip: Bucket = {
    capacity: loginMaxFailures * 5,
    refillPerSecond: (loginMaxFailures * 5) / loginLockoutSeconds,
  };
  const keys = (email: string, address: string) =>
    [`login:account:${email.toLowerCase()}`, `login:ip:${address}`] as const;

  return {
    async assertAllowed(email: string, address: string) {
      const [accountKey, ipKey] = keys(email, address);
      const states = await Promise.all([
        options.store.take(accountKey, account, 0),
        options.store.take(ipKey, ip, 0),
      ]);
      const locked = states.filter((s) => !s.allowed);
      if (locked.length > 0) {
        const retryAfter = Math.max(...locked.map((s) => s.retryAfterSeconds));
        throw new AppError('rate_limited', `Too many failed logins; try again in ${retryAfter} s`, {
          details: { headers: { 'retry-after': String(retryAfter) } },
        });
      }
    },
    async recordFailure(email: string, address: string) {
      const [accountKey, ipKey] = keys(email, address);
      await Promise.all([options.store.take(accountKey, account), options.store.take(ipKey, ip)]);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
