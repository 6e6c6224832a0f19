import type { Schemas } from '../../../shared/api/client';

/** Messages per channel from the usage rows of one day (both directions added up). */
export function messagesByChannel(rows: Schemas['UsageDay'][]): { channel: string; messages: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.channel, (totals.get(row.channel) ?? 0) + row.messages);
  return [...totals]
    .map(([channel, messages]) => ({ channel, messages }))
    .sort((a, b) => b.messages - a.messages);
}

const FINAL_BAD = new Set(['failed', 'undelivered']);

/** Delivered share of outbound messages whose fate is known; undefined when none is known yet. */
export function deliveryRate(messages: Pick<Schemas['Message'], 'status'>[]): number | undefined {
  const delivered = messages.filter((m) => m.status === 'delivered' || m.status === 'read').length;
  const failed = messages.filter((m) => FINAL_BAD.has(m.status)).length;
  return delivered + failed === 0 ? undefined : delivered / (delivered + failed);
}
