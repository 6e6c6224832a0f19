import { eq } from 'drizzle-orm';
import { type CallRow, calls } from '../../modules/calls/calls.schema';
import type { voiceTrunks } from '../../modules/trunks/trunks.schema';
import { dropAttempt, inviteLeg } from './dial-invite';
import { trunkInvite } from './dial-trunk';
import type { CallEnd } from './finish-call';
import { moveLiveCall } from './finish-call';
import { outcomeOf } from './hangup-cause';
import type { LiveCall } from './live-call';
import { takeCpsToken } from './take-cps-token';
import type { VoiceEngine } from './voice-engine';

type Trunk = typeof voiceTrunks.$inferSelect;

export type LegOutcome = { answered: true } | { answered: false; end: CallEnd };

/**
 * Dials one outgoing leg through the trunks in order (least-cost first; failover on 5xx or no
 * answer at all), recording each attempt on the call. The caller has taken the first trunk's CPS
 * token. Answered: `live` holds the dialog and media port; otherwise how the leg ended.
 * Shared by API calls (place-outbound-call.ts) and Dial Number (dial-legs.ts).
 */
export async function dialThroughTrunks(
  engine: VoiceEngine,
  live: LiveCall,
  row: CallRow,
  trunks: Trunk[],
  ringTimeoutMs = row.timeoutSeconds * 1000,
): Promise<LegOutcome> {
  const { ctx } = engine;
  const attempts: CallRow['attempts'] = [];
  const localHost = engine.sip.addresses()[0]!.host;
  for (const [index, trunk] of trunks.entries()) {
    if (index > 0) await takeCpsToken(ctx.rateLimits, trunk, live.abort.signal);
    if (live.abort.signal.aborted)
      return { answered: false, end: { status: 'canceled', sipCode: null, by: live.endedBy ?? 'api' } };
    live.trunk = trunk;
    const result = await inviteLeg(engine, live, {
      ...trunkInvite({
        trunk,
        password: trunk.passwordEncrypted ? ctx.encryptor.decrypt(trunk.passwordEncrypted) : undefined,
        from: row.from,
        to: row.to,
        localHost,
      }),
      callId: `${row.id}.${index}@iris`,
      ringTimeoutMs,
      onRinging: () => void moveLiveCall(engine, row.id, 'ringing', { detail: trunk.id }).catch(() => {}),
    });
    attempts.push({ trunkId: trunk.id, sipCode: result.sipCode, at: new Date().toISOString() });
    await ctx.db
      .update(calls)
      .set({ attempts, trunkId: trunk.id, sipCallId: live.sipCallId })
      .where(eq(calls.id, row.id));
    let outcome = outcomeOf(result.sipCode);
    if (outcome === 'canceled' && result.timedOut) outcome = 'no-answer';
    if (outcome === 'failover' && index < trunks.length - 1 && !live.abort.signal.aborted) {
      await dropAttempt(engine, live);
      continue;
    }
    if (outcome === 'answered') return { answered: true };
    return {
      answered: false,
      end: {
        status: outcome === 'failover' ? 'failed' : outcome,
        sipCode: result.sipCode,
        by: live.endedBy ?? 'remote',
        errorCode: outcome === 'failover' || outcome === 'failed' ? `sip_${result.sipCode}` : undefined,
      },
    };
  }
  return { answered: false, end: { status: 'failed', sipCode: null, by: 'iris', errorCode: 'no_trunk' } };
}
