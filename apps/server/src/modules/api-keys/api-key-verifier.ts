import { eq } from 'drizzle-orm';
import type { ApiKeyScope, Principal } from '../../platform/auth/principal';
import type { EventBus } from '../../platform/bus/event-bus';
import { secretMatches } from '../../platform/crypto/secrets';
import type { Db } from '../../platform/db/database';
import type { Logger } from '../../platform/logging/logger';
import { apiKeys } from './api-keys.schema';

export const API_KEY_REVOKED = 'auth.api_key.revoked';
const CACHE_MS = 60_000;
const LAST_USED_EVERY_MS = 60_000;

type Cached = { secretHash: string; tenantId: string; scopes: ApiKeyScope[]; revoked: boolean; at: number };

/**
 * Verifies API keys on every request without a database round trip each time. A revocation is
 * broadcast on the bus so every node forgets the key at once; the cache's short life bounds the
 * damage if a broadcast is lost (the bus may drop).
 */
export function createApiKeyVerifier(options: { db: Db; bus: EventBus; logger: Logger }) {
  const cache = new Map<string, Cached>();
  const lastUsedWritten = new Map<string, number>();
  const subscription = options.bus.subscribe(API_KEY_REVOKED, ({ data }) => {
    cache.delete((data as { keyId: string }).keyId);
  });

  async function load(keyId: string): Promise<Cached | null> {
    const cached = cache.get(keyId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached;
    const [row] = await options.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    if (!row) return null;
    const entry = {
      secretHash: row.secretHash,
      tenantId: row.tenantId,
      scopes: row.scopes as ApiKeyScope[],
      revoked: row.revokedAt !== null,
      at: Date.now(),
    };
    cache.set(keyId, entry);
    return entry;
  }

  function touch(keyId: string) {
    const last = lastUsedWritten.get(keyId) ?? 0;
    if (Date.now() - last < LAST_USED_EVERY_MS) return;
    lastUsedWritten.set(keyId, Date.now());
    options.db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(eq(apiKeys.id, keyId))
      .catch((error: unknown) => options.logger.warn({ err: error, keyId }, 'could not record API key use'));
  }

  return {
    async verify(keyId: string, secret: string): Promise<Extract<Principal, { kind: 'api_key' }> | null> {
      const key = await load(keyId);
      if (!key || key.revoked || !secretMatches(secret, key.secretHash)) return null;
      touch(keyId);
      return { kind: 'api_key', keyId, tenantId: key.tenantId, scopes: key.scopes };
    },
    /** Called on the node that revoked; other nodes hear it on the bus. */
    forget(keyId: string) {
      cache.delete(keyId);
    },
    close() {
      subscription.unsubscribe();
    },
  };
}

export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;
