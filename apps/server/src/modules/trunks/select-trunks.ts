import { eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { voiceTrunks } from './trunks.schema';

type Trunk = typeof voiceTrunks.$inferSelect;

/**
 * Voice least-cost routing: the trunks that serve `to`, the longest matching prefix first within
 * each price, cheapest first. The caller tries them in order and fails over on 5xx or timeout.
 */
export function selectTrunks(trunks: Trunk[], to: string): Trunk[] {
  const match = (trunk: Trunk) =>
    Math.max(-1, ...trunk.prefixes.filter((prefix) => to.startsWith(prefix)).map((prefix) => prefix.length));
  return trunks
    .map((trunk) => ({ trunk, length: match(trunk) }))
    .filter((entry) => entry.length >= 0)
    .sort(
      (a, b) =>
        a.trunk.costPerMinuteMicros - b.trunk.costPerMinuteMicros ||
        b.length - a.length ||
        a.trunk.id.localeCompare(b.trunk.id),
    )
    .map((entry) => entry.trunk);
}

/**
 * The trunks an outbound call of `tenantId` tries, in order: the tenant's own trunks (least cost),
 * then the platform trunks (least cost). A tenant's own carrier always wins over the platform's,
 * whatever the price: the tenant chose it; platform trunks are the fallback and the default for
 * tenants without trunks.
 */
export async function trunksForCall(db: Db, tenantId: string, to: string): Promise<Trunk[]> {
  const rows = await db
    .select()
    .from(voiceTrunks)
    .where(or(eq(voiceTrunks.tenantId, tenantId), isNull(voiceTrunks.tenantId)));
  return [
    ...selectTrunks(
      rows.filter((trunk) => trunk.tenantId !== null),
      to,
    ),
    ...selectTrunks(
      rows.filter((trunk) => trunk.tenantId === null),
      to,
    ),
  ];
}
