import type { DialOutcome, DialRequest } from '../verbs/call-context';
import { bridgeLegs } from './bridge-legs';
import { dropAttempt } from './dial-invite';
import { type LegTarget, legTargets, ringLeg, startLeg } from './dial-ring-leg';
import type { LegOutcome } from './dial-through-trunks';
import { type CallEnd, finishCall, moveLiveCall } from './finish-call';
import { hangupLive } from './hangup-live';
import type { LiveCall } from './live-call';
import type { VoiceEngine } from './voice-engine';

type Leg = { live: LiveCall; target: LegTarget; done: Promise<LegOutcome> };

/** Resolves with the first leg that answers, or undefined once every leg has ended unanswered. */
function firstAnswered(legs: Leg[]): Promise<Leg | undefined> {
  return new Promise((resolve) => {
    let pending = legs.length;
    if (pending === 0) resolve(undefined);
    for (const leg of legs)
      void leg.done.then((outcome) => {
        if (outcome.answered) resolve(leg);
        else if (--pending === 0) resolve(undefined);
      });
  });
}

/** Waits until either signal aborts. */
const eitherAborted = (a: AbortSignal, b: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (a.aborted || b.aborted) return resolve();
    a.addEventListener('abort', () => resolve(), { once: true });
    b.addEventListener('abort', () => resolve(), { once: true });
  });

/** Twilio's DialCallStatus when no leg answered: the A leg hung up, else the most telling end. */
function unansweredStatus(parent: LiveCall, ends: CallEnd[]): DialOutcome['status'] {
  if (parent.abort.signal.aborted) return 'canceled';
  const statuses = ends.map((end) => end.status);
  if (statuses.includes('no-answer') || statuses.length === 0) return 'no-answer';
  if (statuses.includes('busy')) return 'busy';
  return statuses.includes('canceled') ? 'no-answer' : 'failed';
}

/**
 * `<Dial>` to Number/Sip/Client targets from the A leg `parent`: every leg rings at once (each its own
 * call row and CDR), the first to answer is bridged with A (bridge-legs.ts) and the others are
 * CANCELed. The bridge lasts until either side hangs up; A hanging up ends B, B hanging up ends the
 * Dial and A's document goes on (Twilio semantics). While B rings, A hears silence.
 */
export async function dialTargets(
  engine: VoiceEngine,
  parent: LiveCall,
  request: DialRequest,
): Promise<DialOutcome> {
  const targets = await legTargets(engine, parent.tenantId, request);
  if (targets.length === 0 || parent.abort.signal.aborted)
    return { status: parent.abort.signal.aborted ? 'canceled' : 'no-answer' };
  const legs: Leg[] = [];
  for (const target of targets) {
    const started = await startLeg(engine, parent, target, request);
    const done = ringLeg(engine, started, target, request).catch((error): LegOutcome => {
      engine.logger.error({ err: error, callId: started.live.id }, 'dial leg failed');
      return { answered: false, end: { status: 'failed', sipCode: null, by: 'iris', errorCode: 'internal' } };
    });
    legs.push({ live: started.live, target, done });
  }
  const cancelAll = () => {
    for (const leg of legs) void hangupLive(engine, leg.live, 'iris');
  };
  parent.abort.signal.addEventListener('abort', cancelAll, { once: true });
  const winner = await firstAnswered(legs);
  // Everyone else is CANCELed (or, if they answered in the same instant, hung up).
  for (const leg of legs) if (leg !== winner) void hangupLive(engine, leg.live, 'iris');
  const ends = await Promise.all(legs.map((leg) => settleLoser(engine, leg, winner)));
  if (!winner) {
    parent.abort.signal.removeEventListener('abort', cancelAll);
    return {
      status: unansweredStatus(
        parent,
        ends.filter((e) => e !== undefined),
      ),
      callId: legs.at(-1)?.live.id,
    };
  }
  return bridgeWinner(engine, parent, winner, cancelAll);
}

/** Finishes a leg that did not win (its CDR); an unlucky late answer gets its BYE first. */
async function settleLoser(engine: VoiceEngine, leg: Leg, winner: Leg | undefined) {
  if (leg === winner) return undefined;
  const outcome = await leg.done;
  let end: CallEnd;
  if (outcome.answered) {
    await engine.sip.dialogs.send(leg.live.dialog!, 'BYE').response.catch(() => {});
    await moveLiveCall(engine, leg.live.id, 'in-progress', { set: { answeredAt: new Date() } });
    end = { status: 'completed', sipCode: 200, by: 'iris' };
  } else end = outcome.end;
  await finishCall(engine, leg.live, end);
  await dropAttempt(engine, leg.live);
  engine.live.delete(leg.live.id);
  return outcome.answered ? undefined : end;
}

/** The answered leg: in-progress, bridged with A until one side hangs up, then its CDR. */
async function bridgeWinner(
  engine: VoiceEngine,
  parent: LiveCall,
  winner: Leg,
  cancelAll: () => void,
): Promise<DialOutcome> {
  const b = winner.live;
  const answeredAt = new Date();
  await moveLiveCall(engine, b.id, 'in-progress', { set: { answeredAt } });
  const bridge =
    parent.mediaPort && b.mediaPort
      ? bridgeLegs(
          engine.sink,
          { port: parent.mediaPort, payloadType: parent.payloadType },
          { port: b.mediaPort, payloadType: b.payloadType },
        )
      : undefined;
  await eitherAborted(parent.abort.signal, b.abort.signal);
  parent.abort.signal.removeEventListener('abort', cancelAll);
  bridge?.stop();
  // A hung up (or the API ended it): B gets its BYE. B hung up: A's document goes on.
  if (!b.endedBy) await hangupLive(engine, b, 'iris');
  const durationSeconds = Math.round((Date.now() - answeredAt.getTime()) / 1000);
  await finishCall(engine, b, { status: 'completed', sipCode: 200, by: b.endedBy ?? 'iris' });
  await dropAttempt(engine, b);
  engine.live.delete(b.id);
  engine.logger.info(
    { callId: parent.id, dialCallId: b.id, forwarded: bridge?.forwarded() },
    'dial bridge ended',
  );
  return { status: 'completed', callId: b.id, durationSeconds };
}
