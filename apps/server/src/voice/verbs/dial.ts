import { CONTINUE, type DialRequest, STOP, type VerbHandler } from './call-context';
import { dialConference } from './dial-conference';
import { dialQueue } from './dial-queue';
import type { Verb } from './verb-schema';

type Dial = Extract<Verb, { verb: 'dial' }>;

export class DialTargetsError extends Error {}

/**
 * `<Dial>`: Queue and Conference have their own handlers; Number, Sip and Client targets ring in
 * parallel and the first to answer is bridged with the caller (CallContext.dial). Then, as Twilio
 * does, the action (if any) gets DialCallStatus, DialCallSid and DialCallDuration and its document
 * replaces this one; without an action the document goes on after the Dial. `record` is not
 * supported: the bridge is not recorded (docs/voice.md).
 */
export const dial: VerbHandler<Dial> = async (call, verb) => {
  const kinds = new Set(verb.targets.map((target) => target.type));
  if (kinds.has('queue') || kinds.has('conference')) {
    if (verb.targets.length > 1)
      throw new DialTargetsError('<Dial> with a Queue or Conference takes that one target only');
    return kinds.has('queue') ? dialQueue(call, verb) : dialConference(call, verb);
  }
  if (verb.record) call.logger.warn('Dial record is not supported; the bridge is not recorded');
  const outcome = await call.dial({
    targets: verb.targets as DialRequest['targets'],
    timeoutSeconds: verb.timeout,
    callerId: verb.callerId,
  });
  if (!verb.action) return CONTINUE;
  const params: Record<string, string> = { DialCallStatus: outcome.status };
  if (outcome.callId) params.DialCallSid = outcome.callId;
  if (outcome.durationSeconds !== undefined) params.DialCallDuration = String(outcome.durationSeconds);
  // The caller hung up: Twilio still tells the action how the Dial ended, and ignores its answer.
  if (call.signal.aborted) {
    await call.fetchVerbs(verb.action, verb.method, params).catch(() => undefined);
    return STOP;
  }
  return { next: 'replace', verbs: await call.fetchVerbs(verb.action, verb.method, params) };
};
