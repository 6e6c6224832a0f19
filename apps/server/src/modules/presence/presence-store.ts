/** What an agent says about themselves; availability also needs a live connection. */
export const PRESENCE_STATUSES = ['available', 'away', 'busy', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export type AgentPresence = {
  userId: string;
  status: PresenceStatus;
  /** At least one realtime connection is alive (on any node). */
  connected: boolean;
  /** When the agent last had a live connection (now while connected); null if never seen. */
  lastSeenAt: Date | null;
  statusChangedAt: Date | null;
};

/**
 * Who is online, shared by every node: memory on the embedded default, Redis when REDIS_URL is set
 * (the rate-limit store's pattern). Connections expire unless refreshed, so a node that dies takes
 * its agents offline after `ttlMs`. `now` is injectable so tests move time without sleeping.
 */
export type PresenceStore = {
  kind: 'memory' | 'redis';
  /** Registers (or refreshes) one connection of an agent until now + ttlMs. */
  touch(tenantId: string, userId: string, connectionId: string, ttlMs: number, now?: number): Promise<void>;
  /** Drops a connection; returns whether the agent still has another one. */
  disconnect(tenantId: string, userId: string, connectionId: string, now?: number): Promise<boolean>;
  /** Sets the status; returns the previous one. */
  setStatus(tenantId: string, userId: string, status: PresenceStatus, now?: number): Promise<PresenceStatus>;
  get(tenantId: string, userId: string, now?: number): Promise<AgentPresence>;
  /** Every agent of the tenant ever seen (and not expired from the store). */
  list(tenantId: string, now?: number): Promise<AgentPresence[]>;
  /** Of `userIds`, those connected with status `available`. */
  available(tenantId: string, userIds: string[], now?: number): Promise<string[]>;
  close(): Promise<void>;
};

/** A never-seen agent: offline, not connected. New connections start `available`. */
export const unseen = (userId: string): AgentPresence => ({
  userId,
  status: 'offline',
  connected: false,
  lastSeenAt: null,
  statusChangedAt: null,
});
