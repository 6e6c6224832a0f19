import { Redis } from 'ioredis';
import { type Bucket, describeBucket, type RateLimitStore } from './rate-limit-store';

// One atomic step on Redis's own clock, so every node agrees on time and on the count.
const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + (now - at) / 1000 * rate)
local allowed = 0
if cost == 0 then
  if tokens >= 1 then allowed = 1 end
elseif tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
if cost > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
end
return { allowed, tostring(tokens) }
`;

export async function createRedisRateLimitStore(options: {
  url: string;
  prefix?: string;
}): Promise<RateLimitStore> {
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const prefix = options.prefix ?? 'iris:rl:';
  return {
    kind: 'redis',
    async take(key: string, bucket: Bucket, cost = 1) {
      const [allowed, tokens] = (await redis.eval(
        TAKE,
        1,
        prefix + key,
        bucket.capacity,
        bucket.refillPerSecond,
        cost,
      )) as [number, string];
      return describeBucket(Number(tokens), bucket, allowed === 1);
    },
    async close() {
      await redis.quit();
    },
  };
}
