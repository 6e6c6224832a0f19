import type { CallRow } from '../../modules/calls/calls.schema';
import { runVerbs } from '../verbs/dispatch-verbs';
import { VerbDocumentError } from '../verbs/parse-verbs';
import type { Verb } from '../verbs/verb-schema';
import { buildCallContext } from './build-call-context';
import { VerbFetchError } from './fetch-verbs';
import { finishCall, moveLiveCall } from './finish-call';
import { hangupLive } from './hangup-live';
import type { LiveCall } from './live-call';
import type { VoiceEngine } from './voice-engine';

/** Spoken before hanging up when the tenant's document cannot be run (Twilio plays a similar one). */
const ERROR_PROMPT = 'We are sorry, an application error has occurred. Goodbye.';

/**
 * An answered call: `in-progress`, its verbs (inline, or fetched from its URL), and the end with its
 * CDR. A document that cannot be fetched or run never leaves the call stuck: an error prompt, a
 * hang-up and `call.failed` with the reason.
 */
export async function runCallDocument(
  engine: VoiceEngine,
  live: LiveCall,
  row: CallRow,
  prefetched?: Verb[],
) {
  let status = 'in-progress';
  await moveLiveCall(engine, live.id, 'in-progress', { set: { answeredAt: new Date() } });
  const call = buildCallContext(engine, live, () => status);
  let errorCode: string | undefined;
  let detail: string | undefined;
  try {
    const verbs: Verb[] = prefetched
      ? prefetched
      : row.verbs
        ? (row.verbs as Verb[])
        : await call.fetchVerbs(row.url!, row.method as 'GET' | 'POST');
    await runVerbs(call, verbs);
  } catch (error) {
    errorCode =
      error instanceof VerbFetchError
        ? 'verb_fetch_failed'
        : error instanceof VerbDocumentError
          ? 'verb_document_invalid'
          : 'verb_failed';
    detail = (error as Error).message;
    engine.logger.warn({ callId: live.id, err: error }, 'verb document failed; hanging up');
    if (!live.abort.signal.aborted) {
      await call
        .synthesize(ERROR_PROMPT)
        .then((file) => call.playFile(file))
        .catch(() => {});
    }
  }
  if (!live.endedBy) await hangupLive(engine, live, 'iris');
  status = 'completed';
  await finishCall(engine, live, {
    status: errorCode ? 'failed' : 'completed',
    sipCode: 200,
    by: live.endedBy ?? 'iris',
    errorCode,
    detail,
  });
}
