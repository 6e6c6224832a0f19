import { type Bucket, describeBucket, type RateLimitStore } from './rate-limit-store';

/** The embedded default: buckets in this process's memory (one process shares nothing anyway). */
export function createMemoryRateLimitStore(options: { now?: () => number } = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number; fullAt: number }>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, state] of buckets) if (state.fullAt <= t) buckets.delete(key);
  }, 60_000);
  sweep.unref();

  return {
    kind: 'memory',
    async take(key: string, bucket: Bucket, cost = 1) {
      const t = now();
      const state = buckets.get(key);
      let tokens = state
        ? Math.min(bucket.capacity, state.tokens + ((t - state.at) / 1000) * bucket.refillPerSecond)
        : bucket.capacity;
      const allowed = cost === 0 ? tokens >= 1 : tokens >= cost;
      if (allowed) tokens -= cost;
      if (cost > 0) {
        const fullAt = t + ((bucket.capacity - tokens) / bucket.refillPerSecond) * 1000;
        buckets.set(key, { tokens, at: t, fullAt });
      }
      return describeBucket(tokens, bucket, allowed);
    },
    async close() {
      clearInterval(sweep);
      buckets.clear();
    },
  };
}
