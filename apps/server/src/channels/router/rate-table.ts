import { z } from 'zod';

/** A provider's price per message (per SMS segment), by longest matching destination prefix. */
export const RateTableSchema = z.object({
  currency: z.string().length(3).default('USD'),
  defaultMicros: z.number().int().min(0),
  prefixes: z.record(z.string().regex(/^\+?\d*$/), z.number().int().min(0)).default({}),
});
export type RateTable = z.infer<typeof RateTableSchema>;

export function unitPrice(table: RateTable, to: string): number {
  let best: { length: number; micros: number } | undefined;
  for (const [prefix, micros] of Object.entries(table.prefixes)) {
    const p = prefix.startsWith('+') ? prefix : `+${prefix}`;
    if (to.startsWith(p) && (!best || p.length > best.length)) best = { length: p.length, micros };
  }
  return best?.micros ?? table.defaultMicros;
}

/** Price of one message: per segment for SMS, per message elsewhere (segments = 1). */
export function messagePrice(table: RateTable, to: string, units: number) {
  return { amountMicros: unitPrice(table, to) * Math.max(1, units), currency: table.currency };
}
