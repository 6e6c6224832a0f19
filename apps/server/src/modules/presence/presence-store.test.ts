import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryPresenceStore } from './memory-presence-store';
import type { PresenceStore } from './presence-store';
import { createRedisPresenceStore } from './redis-presence-store';

// Redis whenever REDIS_URL is set (CI sets it); memory always. The same contract on both.
const kinds = process.env.REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);

describe.each(kinds)('presence store: %s', (kind) => {
  let store: PresenceStore;
  beforeAll(async () => {
    store =
      kind === 'memory'
        ? createMemoryPresenceStore()
        : await createRedisPresenceStore({ url: process.env.REDIS_URL! });
  });
  afterAll(() => store?.close());
  const tenant = () => `ten_${randomUUID()}`;
  const T0 = 1_800_000_000_000;

  it('knows nothing of an agent never seen', async () => {
    const t = tenant();
    expect(await store.get(t, 'usr_a', T0)).toEqual({
      userId: 'usr_a',
      status: 'offline',
      connected: false,
      lastSeenAt: null,
      statusChangedAt: null,
    });
    expect(await store.list(t, T0)).toEqual([]);
  });

  it('is available while connected, and offline once the last connection goes', async () => {
    const t = tenant();
    await store.touch(t, 'usr_a', 'c1', 30_000, T0);
    await store.touch(t, 'usr_a', 'c2', 30_000, T0);
    expect(await store.available(t, ['usr_a', 'usr_b'], T0 + 1)).toEqual(['usr_a']);
    expect(await store.disconnect(t, 'usr_a', 'c1', T0 + 1000)).toBe(true);
    expect((await store.get(t, 'usr_a', T0 + 1000)).connected).toBe(true);
    expect(await store.disconnect(t, 'usr_a', 'c2', T0 + 2000)).toBe(false);
    const gone = await store.get(t, 'usr_a', T0 + 5000);
    expect(gone).toMatchObject({ status: 'offline', connected: false, lastSeenAt: new Date(T0 + 2000) });
    expect(await store.available(t, ['usr_a'], T0 + 5000)).toEqual([]);
  });

  it('takes an agent offline when its connections are not refreshed (a node died)', async () => {
    const t = tenant();
    await store.touch(t, 'usr_a', 'c1', 30_000, T0);
    await store.touch(t, 'usr_a', 'c1', 30_000, T0 + 20_000);
    expect((await store.get(t, 'usr_a', T0 + 49_000)).connected).toBe(true);
    const expired = await store.get(t, 'usr_a', T0 + 50_001);
    expect(expired).toMatchObject({ connected: false, status: 'offline', lastSeenAt: new Date(T0 + 50_000) });
  });

  it('keeps the chosen status: away and busy agents are connected but not available', async () => {
    const t = tenant();
    await store.touch(t, 'usr_a', 'c1', 30_000, T0);
    await store.touch(t, 'usr_b', 'c2', 30_000, T0);
    expect(await store.setStatus(t, 'usr_a', 'away', T0 + 1)).toBe('available');
    expect(await store.available(t, ['usr_a', 'usr_b'], T0 + 2)).toEqual(['usr_b']);
    expect(await store.get(t, 'usr_a', T0 + 2)).toMatchObject({
      status: 'away',
      connected: true,
      statusChangedAt: new Date(T0 + 1),
    });
    expect(await store.setStatus(t, 'usr_a', 'available', T0 + 3)).toBe('away');
    const listed = await store.list(t, T0 + 4);
    expect(listed.map((p) => p.userId).sort()).toEqual(['usr_a', 'usr_b']);
    // Another tenant sees none of them.
    expect(await store.available(tenant(), ['usr_a', 'usr_b'], T0 + 4)).toEqual([]);
  });
});
