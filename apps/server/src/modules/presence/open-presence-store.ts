import { createMemoryPresenceStore } from './memory-presence-store';
import type { PresenceStore } from './presence-store';
import { createRedisPresenceStore } from './redis-presence-store';

export function openPresenceStore(options: { redisUrl?: string }): Promise<PresenceStore> {
  return options.redisUrl
    ? createRedisPresenceStore({ url: options.redisUrl })
    : Promise.resolve(createMemoryPresenceStore());
}
