import { and, eq } from 'drizzle-orm';
import type { ChannelKind, ChannelProvider } from '../../channels/channel';
import type { ProviderRuntime } from '../../channels/provider-runtime';
import type { TenantProviderSource } from '../../channels/router/message-router';
import type { Encryptor } from '../../platform/crypto/encryption';
import type { Db } from '../../platform/db/database';
import { findProviderModule } from './provider-catalog';
import { type ProviderInstanceRow, providerInstances } from './providers.schema';

type Deps = { db: Db; encryptor: Encryptor; runtime: ProviderRuntime };

/** Creates the adapter of a stored tenant instance (credentials decrypted, parsed by its module). */
export function createTenantProvider(deps: Deps, row: ProviderInstanceRow): ChannelProvider<ChannelKind> {
  const module = findProviderModule(row.kind as ChannelKind, row.provider);
  if (!module) throw new Error(`provider instance ${row.id}: no ${row.kind} provider ${row.provider}`);
  const credentials = module.credentialsSchema.parse(
    JSON.parse(deps.encryptor.decrypt(row.credentialsEncrypted)),
  );
  return module.create({ instanceId: row.id, credentials, runtime: deps.runtime });
}

/**
 * The router's view of tenant-owned instances: read from the database on each lookup (a new or
 * changed instance is seen by every node at once), adapters kept while the row is unchanged.
 */
export function createTenantProviderSource(deps: Deps): TenantProviderSource {
  const adapters = new Map<string, { updatedAt: number; provider: ChannelProvider<ChannelKind> }>();
  return {
    async find(kind, id) {
      const [row] = await deps.db
        .select()
        .from(providerInstances)
        .where(and(eq(providerInstances.id, id), eq(providerInstances.kind, kind)));
      if (!row) {
        adapters.delete(id);
        return undefined;
      }
      let cached = adapters.get(id);
      if (!cached || cached.updatedAt !== row.updatedAt.getTime()) {
        cached = { updatedAt: row.updatedAt.getTime(), provider: createTenantProvider(deps, row) };
        adapters.set(id, cached);
      }
      return { tenantId: row.tenantId, provider: cached.provider };
    },
  };
}
