import { CONTINUE, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/**
 * `<Record>`: an optional beep, then the caller's audio until maxLength, finishOnKey or hang-up. The
 * action gets RecordingSid, RecordingUrl (a signed download URL, usable without an API key until it
 * expires), RecordingDuration and Digits, and its document replaces the current one; without an
 * action the document goes on. `recordingStatusCallback` is POSTed by a job once the recording is
 * stored (modules/recordings/recording-callback.job.ts).
 */
export const record: VerbHandler<Extract<Verb, { verb: 'record' }>> = async (call, verb) => {
  if (verb.playBeep) await call.playFile(await call.beep());
  const { recording, mediaUrl, finishedBy } = await call.record({
    maxLengthSeconds: verb.maxLength,
    finishOnKey: verb.finishOnKey,
    recordingStatusCallback: verb.recordingStatusCallback,
  });
  if (!verb.action || call.signal.aborted) return CONTINUE;
  return {
    next: 'replace',
    verbs: await call.fetchVerbs(verb.action, verb.method, {
      RecordingSid: recording.id,
      RecordingUrl: mediaUrl ?? '',
      RecordingDuration: String(recording.durationSeconds ?? 0),
      Digits: finishedBy ?? 'hangup',
    }),
  };
};
