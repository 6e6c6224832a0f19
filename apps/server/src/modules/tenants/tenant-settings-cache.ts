import { eq } from 'drizzle-orm';
import type { EventBus } from '../../platform/bus/event-bus';
import type { Db } from '../../platform/db/database';
import { type TenantSettings, tenants } from './tenants.schema';

export const TENANT_SETTINGS_CHANGED = 'tenant.settings.changed';
const CACHE_MS = 30_000;
type CachedTenant = { status: 'active' | 'suspended'; settings: TenantSettings };

/** Tenant status and settings, read on every request (suspension, rate limits), cached; a change is broadcast on the bus. */
export function createTenantSettingsCache(options: { db: Db; bus: EventBus }) {
  const cache = new Map<string, { tenant: CachedTenant; at: number }>();
  options.bus.subscribe(TENANT_SETTINGS_CHANGED, ({ data }) => {
    cache.delete((data as { tenantId: string }).tenantId);
  });
  return {
    /** The tenant's status and settings; undefined for a tenant that does not exist (any more). */
    async get(tenantId: string): Promise<CachedTenant | undefined> {
      const hit = cache.get(tenantId);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.tenant;
      const [row] = await options.db
        .select({ status: tenants.status, settings: tenants.settings })
        .from(tenants)
        .where(eq(tenants.id, tenantId));
      if (row) cache.set(tenantId, { tenant: row, at: Date.now() });
      return row;
    },
    forget(tenantId: string) {
      cache.delete(tenantId);
    },
  };
}
export type TenantSettingsCache = ReturnType<typeof createTenantSettingsCache>;
