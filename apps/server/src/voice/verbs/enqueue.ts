import { callEnded, followAction } from '../conference/follow-action';
import { type Dequeued, leaveQueue, openQueue, type QueueMember, waitSeconds } from '../queues/call-queues';
import { defaultHoldFile, playSamples, readWavSamples } from '../queues/hold-audio';
import type { CallAudio, CallContext, VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

type Enqueue = Extract<Verb, { verb: 'enqueue' }>;

/**
 * `<Enqueue waitUrl action>name</Enqueue>`: the caller waits in the tenant's queue on this node,
 * hearing the waitUrl document (its Play/Say/Pause, fetched again each time it ends) or the default
 * hold pulse, until a `<Dial><Queue>` takes it (FIFO). The bridge lasts until either side hangs up;
 * then the action gets QueueResult (bridged | hangup | system-error), QueueSid and QueueTime.
 */
export const enqueue: VerbHandler<Enqueue> = async (call, verb) => {
  const action = { url: verb.action, method: verb.method };
  const audio = call.audio();
  const queue = openQueue(call.tenantId, verb.name);
  const enqueuedAt = Date.now();
  const queueTime = () => String(Math.round((Date.now() - enqueuedAt) / 1000));
  if (!audio) {
    call.logger.warn('Enqueue needs the call’s media through IRIS (rtpengine); none here');
    return followAction(call, action, { QueueResult: 'system-error', QueueSid: queue.id, QueueTime: '0' });
  }
  const held = new AbortController();
  let bridge: Dequeued | undefined;
  const member: QueueMember = {
    callId: call.callId,
    from: call.from,
    enqueuedAt: new Date(enqueuedAt),
    call,
    audio,
    dequeue(taken) {
      bridge = taken;
      held.abort();
    },
  };
  // Learn the caller's law while it waits (the bridge then sends it the same), until dequeued.
  const stopListening = audio.onFrame((payloadType) => {
    member.payloadType ??= payloadType;
  });
  queue.members.push(member);
  call.signal.addEventListener('abort', () => held.abort(), { once: true });
  try {
    while (!held.signal.aborted) {
      try {
        await playHold(call, audio, verb, member, held.signal, queueTime);
      } catch (error) {
        // A hold document that cannot play must not drop the caller: wait a second in silence instead.
        call.logger.warn({ err: error }, 'hold audio failed');
        await playSamples(audio, new Int16Array(8000), {
          payloadType: () => member.payloadType ?? 0,
          signal: held.signal,
        });
      }
    }
  } finally {
    if (!bridge) stopListening();
    leaveQueue(queue, call.callId);
  }
  const waited = queueTime(); // Twilio's QueueTime: the time in the queue, not the bridge
  const taken = bridge as Dequeued | undefined;
  if (taken) await Promise.race([taken.done, callEnded(call)]);
  const params = { QueueSid: queue.id, QueueTime: waited };
  return followAction(call, action, { QueueResult: taken ? 'bridged' : 'hangup', ...params });
};

/** One round of hold audio: the waitUrl document once through, or the default hold pulse. */
async function playHold(
  call: CallContext,
  audio: CallAudio,
  verb: Enqueue,
  member: QueueMember,
  signal: AbortSignal,
  queueTime: () => string,
): Promise<void> {
  const options = { payloadType: () => member.payloadType ?? 0, signal };
  const queue = openQueue(call.tenantId, verb.name);
  const verbs = verb.waitUrl
    ? await call
        .fetchVerbs(verb.waitUrl, verb.waitUrlMethod, {
          QueueSid: queue.id,
          QueuePosition: String(queue.members.indexOf(member) + 1),
          QueueTime: queueTime(),
          CurrentQueueSize: String(queue.members.length),
          AvgQueueTime: String(waitSeconds(queue).average),
        })
        .catch((error) => {
          call.logger.warn({ err: error }, 'waitUrl failed; default hold instead');
          return [];
        })
    : [];
  let played = false;
  for (const wait of verbs) {
    if (signal.aborted) return;
    if (wait.verb === 'pause') {
      await playSamples(audio, new Int16Array(wait.length * 8000), options);
      played = true;
    } else if (wait.verb === 'play' || wait.verb === 'say') {
      const file =
        wait.verb === 'play' ? await call.fetchAudio(wait.url) : await call.synthesize(wait.text, wait.voice);
      const samples = await readWavSamples(file);
      for (let i = 0; (wait.loop === 0 || i < wait.loop) && !signal.aborted; i += 1)
        await playSamples(audio, samples, options);
      played = true;
    } else call.logger.warn({ verb: wait.verb }, 'waitUrl documents play Play, Say and Pause only');
  }
  if (!played && !signal.aborted)
    await playSamples(audio, await readWavSamples(await defaultHoldFile()), options);
}
