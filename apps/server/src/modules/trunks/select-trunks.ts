import type { voiceTrunks } from './trunks.schema';

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
