import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { optOuts } from './opt-outs.schema';

/** Whether `recipient` opted out of `sender` — or of the whole tenant (sender '*'). */
export async function isOptedOut(tx: Db | Tx, tenantId: string, sender: string, recipient: string) {
  const rows = await tx
    .select({ id: optOuts.id })
    .from(optOuts)
    .where(
      and(
        eq(optOuts.tenantId, tenantId),
        eq(optOuts.recipient, recipient),
        inArray(optOuts.sender, [sender, '*']),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
