import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database';
import type { MessageRow } from './message-view';
import { dailyUsage } from './messages.schema';

/** Adds one message (its segments and price) to the tenant's usage for the UTC day, on the caller's transaction. */
export async function recordUsage(tx: Tx, row: MessageRow, at = new Date()) {
  const day = at.toISOString().slice(0, 10);
  const segments = row.segments ?? 1;
  const cost = row.priceMicros ?? 0;
  await tx
    .insert(dailyUsage)
    .values({
      tenantId: row.tenantId,
      day,
      channel: row.channel,
      direction: row.direction,
      currency: row.currency ?? 'USD',
      messages: 1,
      segments,
      costMicros: cost,
    })
    .onConflictDoUpdate({
      target: [
        dailyUsage.tenantId,
        dailyUsage.day,
        dailyUsage.channel,
        dailyUsage.direction,
        dailyUsage.currency,
      ],
      set: {
        messages: sql`${dailyUsage.messages} + 1`,
        segments: sql`${dailyUsage.segments} + ${segments}`,
        costMicros: sql`${dailyUsage.costMicros} + ${cost}`,
      },
    });
}
