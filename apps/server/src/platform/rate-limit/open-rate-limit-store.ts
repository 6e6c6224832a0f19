import { createMemoryRateLimitStore } from './memory-store';
import type { RateLimitStore } from './rate-limit-store';
import { createRedisRateLimitStore } from './redis-store';

export function openRateLimitStore(options: { redisUrl?: string }): Promise<RateLimitStore> {
  return options.redisUrl
    ? createRedisRateLimitStore({ url: options.redisUrl })
    : Promise.resolve(createMemoryRateLimitStore());
}
