import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { inboxSettings } from './conversations.schema';

export type Grouping = (typeof inboxSettings.$inferSelect)['grouping'];

/** How this tenant groups inbound messages into conversations (`channel` unless set). */
export async function groupingOf(db: Db | Tx, tenantId: string): Promise<Grouping> {
  const [row] = await db
    .select({ grouping: inboxSettings.grouping })
    .from(inboxSettings)
    .where(eq(inboxSettings.tenantId, tenantId));
  return row?.grouping ?? 'channel';
}
