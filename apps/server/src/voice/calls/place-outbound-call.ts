import { createTag } from '@iris/sip';
import { eq } from 'drizzle-orm';
import { type CallRow, calls } from '../../modules/calls/calls.schema';
import { selectTrunks } from '../../modules/trunks/select-trunks';
import { voiceTrunks } from '../../modules/trunks/trunks.schema';
import { dialTrunk } from './dial-trunk';
import { finishCall, moveLiveCall } from './finish-call';
import { outcomeOf } from './hangup-cause';
import type { LiveCall } from './live-call';
import { audioPortOf, sinkSdp } from './media-sink';
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
  const trunks = selectTrunks(
    await ctx.db.select().from(voiceTrunks).where(eq(voiceTrunks.tenantId, row.tenantId)),
    row.to,
  );
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
  const initiated = await moveLiveCall(engine, row.id, 'initiated', { set: { startedAt: new Date() } });
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

/** Tries the trunks in order (failover on 5xx or no answer at all), then runs the answered call. */
async function dialAndRun(engine: VoiceEngine, live: LiveCall, row: CallRow, trunks: Trunk[]) {
  const { ctx, media } = engine;
  const attempts: CallRow['attempts'] = [];
  for (const [index, trunk] of trunks.entries()) {
    if (index > 0) await takeCpsToken(ctx.rateLimits, trunk, live.abort.signal);
    if (live.abort.signal.aborted) {
      await finishCall(engine, live, { status: 'canceled', sipCode: null, by: 'api' });
      return;
    }
    live.trunk = trunk;
    live.sipCallId = `${row.id}.${index}@iris`;
    live.ourTag = createTag();
    engine.bySipCallId.set(live.sipCallId, live);
    const local = sinkSdp(engine.sink, Date.now());
    const offer = media
      ? (
          await media.ng.offer({
            callId: live.sipCallId,
            fromTag: live.ourTag,
            sdp: local,
            replace: ['origin'],
          })
        ).sdp
      : local;
    const result = await dialTrunk({
      sip: engine.sip,
      trunk,
      password: trunk.passwordEncrypted ? ctx.encryptor.decrypt(trunk.passwordEncrypted) : undefined,
      from: row.from,
      to: row.to,
      offerSdp: offer,
      callId: live.sipCallId,
      fromTag: live.ourTag,
      ringTimeoutMs: row.timeoutSeconds * 1000,
      onRinging: () => void moveLiveCall(engine, row.id, 'ringing', { detail: trunk.id }).catch(() => {}),
      onCancelable: (cancel) => {
        live.cancelDial = cancel;
      },
    });
    attempts.push({ trunkId: trunk.id, sipCode: result.sipCode, at: new Date().toISOString() });
    await ctx.db
      .update(calls)
      .set({ attempts, trunkId: trunk.id, sipCallId: live.sipCallId })
      .where(eq(calls.id, row.id));
    let outcome = outcomeOf(result.sipCode);
    if (outcome === 'canceled' && result.timedOut) outcome = 'no-answer';
    if (outcome === 'failover' && index < trunks.length - 1 && !live.abort.signal.aborted) {
      await media?.ng.delete({ callId: live.sipCallId }).catch(() => {});
      engine.bySipCallId.delete(live.sipCallId);
      continue;
    }
    if (outcome !== 'answered') {
      await finishCall(engine, live, {
        status: outcome === 'failover' ? 'failed' : outcome,
        sipCode: result.sipCode,
        by: live.endedBy ?? 'remote',
        errorCode: outcome === 'failover' || outcome === 'failed' ? `sip_${result.sipCode}` : undefined,
      });
      return;
    }
    live.remoteTag = result.toTag;
    live.dialog = result.dialog;
    if (media && result.answerSdp)
      live.mediaPort = audioPortOf(
        (
          await media.ng.answer({
            callId: live.sipCallId,
            fromTag: live.ourTag,
            toTag: result.toTag ?? '',
            sdp: result.answerSdp,
          })
        ).sdp,
      );
    await runCallDocument(engine, live, row);
    return;
  }
}
