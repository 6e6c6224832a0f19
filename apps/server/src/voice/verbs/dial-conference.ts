import {
  addParticipant,
  MAX_PARTICIPANTS,
  openRoom,
  removeParticipant,
} from '../conference/conference-rooms';
import { callEnded, followAction } from '../conference/follow-action';
import type { CallContext, VerbResult } from './call-context';
import type { Verb } from './verb-schema';

type Dial = Extract<Verb, { verb: 'dial' }>;
type ConferenceTarget = Extract<Dial['targets'][number], { type: 'conference' }>;

/**
 * `<Dial><Conference>name</Conference></Dial>`: the call joins the tenant's room of that name on
 * this voice node's G.711 mixer (voice/conference) and stays until it hangs up, is kicked, or the
 * room ends (an endConferenceOnExit participant left). Then Dial's action gets
 * DialCallStatus=completed and DialCallDuration (failed when the call has no media through IRIS or
 * the room is full).
 */
export async function dialConference(call: CallContext, verb: Dial): Promise<VerbResult> {
  const target = verb.targets[0] as ConferenceTarget;
  const audio = call.audio();
  const joined = Date.now();
  const action = { url: verb.action, method: verb.method };
  if (!audio) {
    call.logger.warn('Dial Conference needs the call’s media through IRIS (rtpengine); none here');
    return followAction(call, action, { DialCallStatus: 'failed' });
  }
  const room = openRoom(call.tenantId, target.name);
  if (room.participants.size >= MAX_PARTICIPANTS) {
    call.logger.warn({ room: room.name }, 'conference is full');
    return followAction(call, action, { DialCallStatus: 'failed' });
  }
  let leave!: () => void;
  const left = new Promise<void>((resolve) => {
    leave = resolve;
  });
  const leg = room.mixer.addLeg({
    id: call.callId,
    send: (payloadType, payload, samples) => audio.sendFrame(payloadType, payload, samples),
    muted: target.muted,
  });
  const stopListening = audio.onFrame((payloadType, payload) => leg.push(payloadType, payload));
  addParticipant(
    room,
    {
      callId: call.callId,
      from: call.from,
      leg,
      startConferenceOnEnter: target.startConferenceOnEnter,
      endConferenceOnExit: target.endConferenceOnExit,
      leave: () => leave(),
    },
    { beep: target.beep },
  );
  call.logger.info({ room: room.name, conferenceId: room.id }, 'joined conference');
  await Promise.race([left, callEnded(call)]);
  stopListening();
  removeParticipant(room, call.callId);
  return followAction(call, action, {
    DialCallStatus: 'completed',
    DialCallDuration: String(Math.round((Date.now() - joined) / 1000)),
  });
}
