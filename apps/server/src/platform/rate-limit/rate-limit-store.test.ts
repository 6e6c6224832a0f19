import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore } from './memory-store';
import type { RateLimitStore } from './rate-limit-store';
import { createRedisRateLimitStore } from './redis-store';

// Redis whenever REDIS_URL is set (CI sets it); memory always. The same tests run on both.
const kinds = process.env.REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);

describe.each(kinds)('rate limit store: %s', (kind) => {
  let store: RateLimitStore;
  beforeAll(async () => {
    store =
      kind === 'memory'
        ? createMemoryRateLimitStore()
        : await createRedisRateLimitStore({ url: process.env.REDIS_URL! });
  });
  afterAll(() => store?.close());
  const key = () => `test:${randomUUID()}`;

  it('allows up to capacity, then refuses with a retry time', async () => {
    const bucket = { capacity: 3, refillPerSecond: 0.5 };
    const k = key();
    const states = [];
    for (let i = 0; i < 4; i++) states.push(await store.take(k, bucket));
    expect(states.map((s) => s.allowed)).toEqual([true, true, true, false]);
    expect(states.map((s) => s.remaining)).toEqual([2, 1, 0, 0]);
    expect(states[3]!.retryAfterSeconds).toBe(2);
    expect(states[3]!.resetSeconds).toBe(6);
  });

  it('refills over time', async () => {
    const bucket = { capacity: 2, refillPerSecond: 20 };
    const k = key();
    await store.take(k, bucket);
    await store.take(k, bucket);
    expect((await store.take(k, bucket)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120)); // 20/s: one token is back after 50 ms
    expect((await store.take(k, bucket)).allowed).toBe(true);
  });

  it('looks without taking when the cost is 0', async () => {
    const bucket = { capacity: 1, refillPerSecond: 0.01 };
    const k = key();
    expect((await store.take(k, bucket, 0)).allowed).toBe(true);
    expect((await store.take(k, bucket)).allowed).toBe(true);
    expect((await store.take(k, bucket, 0)).allowed).toBe(false);
  });

  it('counts concurrent takes exactly', async () => {
    const bucket = { capacity: 25, refillPerSecond: 0.001 };
    const k = key();
    const states = await Promise.all(Array.from({ length: 60 }, () => store.take(k, bucket)));
    expect(states.filter((s) => s.allowed)).toHaveLength(25);
  });
});
