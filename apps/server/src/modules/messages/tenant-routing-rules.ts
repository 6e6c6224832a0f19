import { eq } from 'drizzle-orm';
import type { ChannelKind, MessageChannel } from '../../channels/channel';
import type { RoutingRule } from '../../channels/router/routing-rules';
import type { Db } from '../../platform/db/database';
import { routingRules } from './routing-rules.schema';

/** The tenant's rules in the router's shape, stamped with its id so they outrank the platform's. */
export async function tenantRoutingRules(db: Db, tenantId: string): Promise<RoutingRule[]> {
  const rows = await db.select().from(routingRules).where(eq(routingRules.tenantId, tenantId));
  return rows.map((row) => ({
    kind: row.kind as ChannelKind,
    channel: (row.channel ?? undefined) as MessageChannel | undefined,
    prefixes: row.prefixes,
    tenantId,
    providers: row.providers,
  }));
}
