import { Redis } from 'ioredis';
import type { AgentPresence, PresenceStatus, PresenceStore } from './presence-store';
import { unseen } from './presence-store';

/** Presence of agents not seen for a week is forgotten. */
const KEEP_SECONDS = 7 * 86_400;

/**
 * Presence shared by every node through Redis. Per agent: a hash (status, statusChangedAt,
 * lastSeenAt) and a sorted set of its connections scored by expiry; per tenant: the set of agents.
 */
export async function createRedisPresenceStore(options: { url: string }): Promise<PresenceStore> {
  const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const agentKey = (tenantId: string, userId: string) => `iris:presence:${tenantId}:agent:${userId}`;
  const connectionsKey = (tenantId: string, userId: string) => `iris:presence:${tenantId}:conns:${userId}`;
  const usersKey = (tenantId: string) => `iris:presence:${tenantId}:agents`;

  async function read(tenantId: string, userId: string, now: number): Promise<AgentPresence> {
    const [[, hash], [, scores]] = (await redis
      .multi()
      .hgetall(agentKey(tenantId, userId))
      .zrange(connectionsKey(tenantId, userId), 0, -1, 'WITHSCORES')
      .exec()) as [[null, Record<string, string>], [null, string[]]];
    if (!hash.status) return unseen(userId);
    const expiries = scores.filter((_, i) => i % 2 === 1).map(Number);
    const connected = expiries.some((expires) => expires > now);
    const expired = expiries.filter((expires) => expires <= now);
    const lastSeen = connected ? now : Math.max(Number(hash.lastSeenAt ?? 0), ...expired, 0) || null;
    return {
      userId,
      status: connected ? (hash.status as PresenceStatus) : 'offline',
      connected,
      lastSeenAt: lastSeen === null ? null : new Date(lastSeen),
      statusChangedAt: hash.statusChangedAt ? new Date(Number(hash.statusChangedAt)) : null,
    };
  }

  return {
    kind: 'redis',
    async touch(tenantId, userId, connectionId, ttlMs, now = Date.now()) {
      const agent = agentKey(tenantId, userId);
      const connections = connectionsKey(tenantId, userId);
      await redis
        .multi()
        .hsetnx(agent, 'status', 'available')
        .hset(agent, 'lastSeenAt', String(now))
        .zadd(connections, now + ttlMs, connectionId)
        .sadd(usersKey(tenantId), userId)
        .expire(agent, KEEP_SECONDS)
        .expire(connections, KEEP_SECONDS)
        .expire(usersKey(tenantId), KEEP_SECONDS)
        .exec();
    },
    async disconnect(tenantId, userId, connectionId, now = Date.now()) {
      const connections = connectionsKey(tenantId, userId);
      const [, [, remaining]] = (await redis
        .multi()
        .zrem(connections, connectionId)
        .zcount(connections, `(${now}`, '+inf')
        .exec()) as [unknown, [null, number]];
      if (remaining === 0) await redis.hset(agentKey(tenantId, userId), 'lastSeenAt', String(now));
      return remaining > 0;
    },
    async setStatus(tenantId, userId, status, now = Date.now()) {
      const agent = agentKey(tenantId, userId);
      const [[, previous]] = (await redis
        .multi()
        .hget(agent, 'status')
        .hset(agent, 'status', status, 'statusChangedAt', String(now))
        .sadd(usersKey(tenantId), userId)
        .expire(agent, KEEP_SECONDS)
        .exec()) as [[null, string | null]];
      return (previous as PresenceStatus | null) ?? 'available';
    },
    get: (tenantId, userId, now = Date.now()) => read(tenantId, userId, now),
    async list(tenantId, now = Date.now()) {
      const userIds = await redis.smembers(usersKey(tenantId));
      const all = await Promise.all(userIds.map((userId) => read(tenantId, userId, now)));
      return all.filter((presence) => presence.statusChangedAt !== null || presence.lastSeenAt !== null);
    },
    async available(tenantId, userIds, now = Date.now()) {
      if (userIds.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const userId of userIds) {
        pipeline.hget(agentKey(tenantId, userId), 'status');
        pipeline.zcount(connectionsKey(tenantId, userId), `(${now}`, '+inf');
      }
      const results = (await pipeline.exec()) ?? [];
      return userIds.filter(
        (_, i) => results[i * 2]?.[1] === 'available' && Number(results[i * 2 + 1]?.[1]) > 0,
      );
    },
    async close() {
      await redis.quit();
    },
  };
}
