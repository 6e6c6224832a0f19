import { CONTINUE, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/**
 * `<Record>`: an optional beep, then the caller's audio until maxLength, finishOnKey or hang-up. The
 * action gets RecordingSid, RecordingUrl (our API's download path), RecordingDuration and Digits,
 * and its document replaces the current one; without an action the document goes on.
 */
export const record: VerbHandler<Extract<Verb, { verb: 'record' }>> = async (call, verb) => {
  if (verb.playBeep) await call.playFile(await call.beep());
  const { recording, finishedBy } = await call.record({
    maxLengthSeconds: verb.maxLength,
    finishOnKey: verb.finishOnKey,
  });
  if (!verb.action || call.signal.aborted) return CONTINUE;
  return {
    next: 'replace',
    verbs: await call.fetchVerbs(verb.action, verb.method, {
      RecordingSid: recording.id,
      RecordingUrl: `/v1/recordings/${recording.id}/media`,
      RecordingDuration: String(recording.durationSeconds ?? 0),
      Digits: finishedBy ?? 'hangup',
    }),
  };
};
