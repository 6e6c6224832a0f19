import type { CallStatus } from '../../modules/calls/call-status';
import { type CallChange, lockCall, moveCall, transitionCall } from '../../modules/calls/transition-call';
import { q850Of } from './hangup-cause';
import type { LiveCall } from './live-call';
import type { VoiceEngine } from './voice-engine';

export type CallEnd = {
  status: CallStatus;
  sipCode: number | null;
  by: 'remote' | 'iris' | 'api' | null;
  errorCode?: string;
  detail?: string;
};

/**
 * Ends a call leg and writes its CDR: duration from start, billable seconds from the answer
 * (rounded up), cost at the trunk's per-minute price, hangup cause as SIP code and Q.850.
 */
export async function finishCall(engine: VoiceEngine, live: Pick<LiveCall, 'id' | 'trunk'>, end: CallEnd) {
  const { ctx } = engine;
  const endedAt = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const row = await lockCall(tx, live.id);
    if (!row) return undefined;
    const start = row.startedAt ?? row.createdAt;
    const billable = row.answeredAt ? Math.ceil((endedAt.getTime() - row.answeredAt.getTime()) / 1000) : 0;
    const perMinute = live.trunk?.costPerMinuteMicros ?? 0;
    return transitionCall(ctx, tx, row, end.status, {
      at: endedAt,
      detail: end.detail,
      statusCallback: 'node',
      set: {
        endedAt,
        durationSeconds: Math.round((endedAt.getTime() - start.getTime()) / 1000),
        billableSeconds: billable,
        costMicros: Math.ceil((billable * perMinute) / 60),
        currency: live.trunk?.currency ?? 'USD',
        hangupSipCode: end.sipCode,
        hangupQ850: end.sipCode === null ? null : q850Of(end.sipCode),
        hangupBy: end.by,
        errorCode: end.errorCode ?? null,
      },
    });
  });
  engine.callbacks.push(row);
  return row;
}

/** One forward step of a live call, its status callback sent in order by this node. */
export async function moveLiveCall(engine: VoiceEngine, id: string, to: CallStatus, change: CallChange = {}) {
  const row = await moveCall(engine.ctx, id, to, { ...change, statusCallback: 'node' });
  engine.callbacks.push(row);
  return row;
}
