import { callEnded, followAction } from '../conference/follow-action';
import { createG711Mixer } from '../conference/g711-mixer';
import { takeLongestWaiting } from '../queues/call-queues';
import type { CallContext, VerbResult } from './call-context';
import type { Verb } from './verb-schema';

type Dial = Extract<Verb, { verb: 'dial' }>;
type QueueTarget = Extract<Dial['targets'][number], { type: 'queue' }>;

/**
 * `<Dial><Queue>name</Queue></Dial>`: this call (an agent, say) is bridged to the queue's
 * longest-waiting caller through a two-leg mixer until either hangs up; the caller's Enqueue then
 * reports QueueResult=bridged. An empty queue ends the Dial at once with DialCallStatus=no-answer.
 * The action gets DialCallStatus, DialCallSid (the caller's call) and DialCallDuration.
 */
export async function dialQueue(call: CallContext, verb: Dial): Promise<VerbResult> {
  const target = verb.targets[0] as QueueTarget;
  const action = { url: verb.action, method: verb.method };
  const audio = call.audio();
  if (!audio) {
    call.logger.warn('Dial Queue needs the call’s media through IRIS (rtpengine); none here');
    return followAction(call, action, { DialCallStatus: 'failed' });
  }
  const member = takeLongestWaiting(call.tenantId, target.name);
  if (!member) return followAction(call, action, { DialCallStatus: 'no-answer' });
  const started = Date.now();
  const mixer = createG711Mixer();
  const done = Promise.race([callEnded(call), callEnded(member.call)]);
  // Dequeue first: the caller's hold audio stops and its frame listener is handed to the bridge.
  member.dequeue({ agentCallId: call.callId, done });
  const caller = mixer.addLeg({
    id: member.callId,
    send: (payloadType, payload, samples) => member.audio.sendFrame(payloadType, payload, samples),
    payloadType: member.payloadType,
  });
  const agent = mixer.addLeg({
    id: call.callId,
    send: (payloadType, payload, samples) => audio.sendFrame(payloadType, payload, samples),
  });
  const stops = [
    member.audio.onFrame((payloadType, payload) => caller.push(payloadType, payload)),
    audio.onFrame((payloadType, payload) => agent.push(payloadType, payload)),
  ];
  mixer.start();
  call.logger.info({ queue: target.name, callerCallId: member.callId }, 'bridged to a queued caller');
  await done;
  mixer.stop();
  for (const stop of stops) stop();
  return followAction(call, action, {
    DialCallStatus: 'completed',
    DialCallSid: member.callId,
    DialCallDuration: String(Math.round((Date.now() - started) / 1000)),
  });
}
