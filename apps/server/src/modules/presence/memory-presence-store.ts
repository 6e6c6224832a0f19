import type { AgentPresence, PresenceStatus, PresenceStore } from './presence-store';
import { unseen } from './presence-store';

type Entry = {
  status: PresenceStatus;
  statusChangedAt: number | null;
  /** connection id → expires at */
  connections: Map<string, number>;
  /** Last moment a connection was known alive (refreshed on touch, set on the last disconnect). */
  lastSeenAt: number | null;
};

/** The embedded default: one process, so presence lives in its memory. */
export function createMemoryPresenceStore(): PresenceStore {
  const entries = new Map<string, Entry>();
  const key = (tenantId: string, userId: string) => `${tenantId}|${userId}`;
  const entryOf = (tenantId: string, userId: string) => {
    let entry = entries.get(key(tenantId, userId));
    if (!entry) {
      entry = { status: 'available', statusChangedAt: null, connections: new Map(), lastSeenAt: null };
      entries.set(key(tenantId, userId), entry);
    }
    return entry;
  };
  const view = (userId: string, entry: Entry | undefined, now: number): AgentPresence => {
    if (!entry) return unseen(userId);
    const alive = [...entry.connections.values()].filter((expires) => expires > now);
    const connected = alive.length > 0;
    // A connection that expired unrefreshed was last alive at its expiry.
    const expired = [...entry.connections.values()].filter((expires) => expires <= now);
    const lastSeen = connected ? now : Math.max(entry.lastSeenAt ?? 0, ...expired, 0) || null;
    return {
      userId,
      status: connected ? entry.status : 'offline',
      connected,
      lastSeenAt: lastSeen === null ? null : new Date(lastSeen),
      statusChangedAt: entry.statusChangedAt === null ? null : new Date(entry.statusChangedAt),
    };
  };

  return {
    kind: 'memory',
    async touch(tenantId, userId, connectionId, ttlMs, now = Date.now()) {
      const entry = entryOf(tenantId, userId);
      entry.connections.set(connectionId, now + ttlMs);
      entry.lastSeenAt = now;
    },
    async disconnect(tenantId, userId, connectionId, now = Date.now()) {
      const entry = entries.get(key(tenantId, userId));
      if (!entry) return false;
      entry.connections.delete(connectionId);
      const remaining = [...entry.connections.values()].some((expires) => expires > now);
      if (!remaining) entry.lastSeenAt = now;
      return remaining;
    },
    async setStatus(tenantId, userId, status, now = Date.now()) {
      const entry = entryOf(tenantId, userId);
      const previous = entry.status;
      entry.status = status;
      entry.statusChangedAt = now;
      return previous;
    },
    async get(tenantId, userId, now = Date.now()) {
      return view(userId, entries.get(key(tenantId, userId)), now);
    },
    async list(tenantId, now = Date.now()) {
      const prefix = `${tenantId}|`;
      return [...entries]
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, entry]) => view(k.slice(prefix.length), entry, now));
    },
    async available(tenantId, userIds, now = Date.now()) {
      return userIds.filter((userId) => {
        const presence = view(userId, entries.get(key(tenantId, userId)), now);
        return presence.connected && presence.status === 'available';
      });
    },
    async close() {
      entries.clear();
    },
  };
}
