import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database';
import { conversations } from './conversations.schema';

// Added by the assignment/SLA work (modules/sla): the SLA columns of a conversation are written
// here, so the SLA module never names this module's table itself.

type SlaColumns = Partial<{
  slaPolicyId: string | null;
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}>;

/** Sets the conversation's policy and due times (what lists show and filter on). */
export async function setConversationSla(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  columns: SlaColumns,
) {
  if (Object.keys(columns).length === 0) return;
  await tx
    .update(conversations)
    .set(columns)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
}

/** Records a breach of `metric` on the conversation (first breach time kept); returns the row. */
export async function markConversationSlaBreached(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  metric: string,
  at: Date,
) {
  const [row] = await tx
    .update(conversations)
    .set({
      slaBreachedAt: sql`coalesce(${conversations.slaBreachedAt}, ${at.toISOString()}::timestamptz)`,
      slaBreaches: sql`case when ${metric} = any(${conversations.slaBreaches}) then ${conversations.slaBreaches} else array_append(${conversations.slaBreaches}, ${metric}::text) end`,
    })
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
    .returning();
  return row;
}

/** The conversation as it is now (for events and for stamping who held it). */
export async function readConversation(tx: Db | Tx, tenantId: string, conversationId: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
  return row;
}
