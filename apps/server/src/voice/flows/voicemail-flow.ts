import type { Verb } from '../verbs/verb-schema';
import type { InboundFlowOf } from './flow-schema';

/**
 * `voicemail`: the greeting, a beep, the caller's message (Record: stored in the object store,
 * `recording.completed` in the event log, listed under /v1/recordings), then hang up.
 */
export function voicemailFlowVerbs(flow: InboundFlowOf<'voicemail'>): Verb[] {
  return [
    { verb: 'say', text: flow.greeting, voice: flow.voice, loop: 1 },
    {
      verb: 'record',
      maxLength: flow.maxLength,
      finishOnKey: flow.finishOnKey,
      playBeep: true,
      method: 'POST',
    },
    { verb: 'hangup' },
  ];
}
