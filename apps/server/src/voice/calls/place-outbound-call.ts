import { eq } from 'drizzle-orm';
import { type CallRow, calls } from '../../modules/calls/calls.schema';
import { trunksForCall } from '../../modules/trunks/select-trunks';
import type { voiceTrunks } from '../../modules/trunks/trunks.schema';
import { dialThroughTrunks } from './dial-through-trunks';
import { finishCall, moveLiveCall } from './finish-call';
import type { LiveCall } from './live-call';
import { runCallDocument } from './run-call-document';
import { takeCpsToken } from './take-cps-token';
import type { VoiceEngine } from './voice-engine';

type Trunk = typeof voiceTrunks.$inferSelect;

/**
 * Places a queued outbound call: least-cost trunks for its destination, the first trunk's CPS
 * budget, then `initiated`. Resolves there (the job is done: the INVITE is on its way); the rest of
 * the call runs on this voice node.
 */
export async function placeOutboundCall(engine: VoiceEngine, callId: string): Promise<void> {
  const { ctx } = engine;
  const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId));
  if (row?.status !== 'queued') return; // canceled meanwhile, or a repeated job
  const trunks = await trunksForCall(ctx.db, row.tenantId, row.to); // own trunks, then the platform's
  const live: LiveCall = {
    id: row.id,
    tenantId: row.tenantId,
    from: row.from,
    to: row.to,
    direction: 'outbound-api',
    sipCallId: '',
    ourTag: '',
    abort: new AbortController(),
    digits: [],
  };
  if (trunks.length === 0) {
    await finishCall(engine, live, {
      status: 'failed',
      sipCode: null,
      by: 'iris',
      errorCode: 'no_trunk',
      detail: `no trunk serves ${row.to}`,
    });
    return;
  }
  await takeCpsToken(ctx.rateLimits, trunks[0]!);
  const initiated = await moveLiveCall(engine, row.id, 'initiated', {
    set: { startedAt: new Date(), nodeId: engine.nodeId },
  });
  if (!initiated) return;
  engine.live.set(live.id, live);
  void dialAndRun(engine, live, initiated, trunks)
    .catch(async (error) => {
      engine.logger.error({ err: error, callId: live.id }, 'call failed');
      await hangupLiveQuietly(engine, live);
      await finishCall(engine, live, { status: 'failed', sipCode: null, by: 'iris', errorCode: 'internal' });
    })
    .finally(() => {
      engine.live.delete(live.id);
      engine.bySipCallId.delete(live.sipCallId);
      if (live.sipCallId) void engine.media?.ng.delete({ callId: live.sipCallId }).catch(() => {});
    });
}

async function hangupLiveQuietly(engine: VoiceEngine, live: LiveCall) {
  if (live.dialog && !live.endedBy)
    await engine.sip.dialogs.send(live.dialog, 'BYE').response.catch(() => {});
}

/** Dials through the trunks (dial-through-trunks.ts), then runs the answered call's document. */
async function dialAndRun(engine: VoiceEngine, live: LiveCall, row: CallRow, trunks: Trunk[]) {
  const dialed = await dialThroughTrunks(engine, live, row, trunks);
  if (!dialed.answered) {
    await finishCall(engine, live, dialed.end);
    return;
  }
  await runCallDocument(engine, live, row);
}
