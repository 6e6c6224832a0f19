import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { calls } from '../../modules/calls/calls.schema';
import { lockCall, transitionCall } from '../../modules/calls/transition-call';
import { voiceNodes } from '../../modules/calls/voice-nodes.schema';
import { voiceTrunks } from '../../modules/trunks/trunks.schema';

const NOT_ENDED = ['initiated', 'ringing', 'in-progress'];

/**
 * Ends the calls of voice nodes that stopped heartbeating more than `lostSeconds` ago (crash,
 * SIGKILL, network split): an answered call `completed`, any other `failed`, both with
 * `errorCode: voice_node_lost`, ended at the node's last heartbeat, CDR written and `call.*` emitted
 * on the same transaction. The database clock decides who is lost, so nodes' clocks need not agree.
 * Any voice node may run it at once: each call is locked and a second ending is refused.
 * Returns the ids of the calls ended.
 */
export async function reapLostCalls(ctx: AppContext, lostSeconds: number): Promise<string[]> {
  const silent = lt(voiceNodes.lastSeenAt, sql`now() - make_interval(secs => ${lostSeconds})`);
  const lost = await ctx.db.select().from(voiceNodes).where(silent);
  const reaped: string[] = [];
  for (const node of lost) {
    const orphans = await ctx.db
      .select({ id: calls.id })
      .from(calls)
      .where(and(eq(calls.nodeId, node.id), inArray(calls.status, NOT_ENDED)));
    for (const { id } of orphans) {
      const ended = await endLostCall(ctx, id, node.lastSeenAt);
      if (ended) reaped.push(id);
    }
    // The node's row goes once its calls are ended, unless it beat meanwhile; a node that comes
    // back later re-registers itself with its next beat.
    await ctx.db.delete(voiceNodes).where(and(eq(voiceNodes.id, node.id), silent));
  }
  return reaped;
}

async function endLostCall(ctx: AppContext, id: string, lastSeen: Date) {
  return ctx.db.transaction(async (tx) => {
    const row = await lockCall(tx, id);
    if (!row || !NOT_ENDED.includes(row.status)) return undefined;
    const [trunk] = row.trunkId
      ? await tx.select().from(voiceTrunks).where(eq(voiceTrunks.id, row.trunkId))
      : [];
    const start = row.startedAt ?? row.createdAt;
    // The call may have been created after the last heartbeat was written: never end before it began.
    const endedAt = new Date(Math.max(lastSeen.getTime(), start.getTime()));
    const billable = row.answeredAt
      ? Math.max(0, Math.ceil((endedAt.getTime() - row.answeredAt.getTime()) / 1000))
      : 0;
    return transitionCall(ctx, tx, row, row.answeredAt ? 'completed' : 'failed', {
      at: new Date(),
      detail: 'voice node lost',
      set: {
        endedAt,
        durationSeconds: Math.round((endedAt.getTime() - start.getTime()) / 1000),
        billableSeconds: billable,
        costMicros: Math.ceil((billable * (trunk?.costPerMinuteMicros ?? 0)) / 60),
        currency: trunk?.currency ?? 'USD',
        hangupSipCode: null,
        hangupQ850: null,
        hangupBy: 'iris',
        errorCode: 'voice_node_lost',
      },
    });
  });
}
