import type { CallContext, VerbHandler, VerbResult } from './call-context';
import { dial } from './dial';
import { enqueue } from './enqueue';
import { gather } from './gather';
import { hangup } from './hangup';
import { pause } from './pause';
import { play } from './play';
import { record } from './record';
import { redirect } from './redirect';
import { reject } from './reject';
import { say } from './say';
import type { Verb, VerbName } from './verb-schema';

/** One handler per verb; a verb without one yet ends the call cleanly (see runVerbs). */
const HANDLERS: Partial<Record<VerbName, VerbHandler<never>>> = {
  say,
  play,
  pause,
  hangup,
  reject,
  redirect,
  gather,
  record,
  dial,
  enqueue,
};

export class UnsupportedVerbError extends Error {}

/** Twilio's limit on chained redirects guards against a document that redirects to itself forever. */
const MAX_DOCUMENTS = 50;

/**
 * Runs a verb document to its end: each verb's handler in turn, a Redirect (or a Gather/Record
 * action) switching to the new document. Like Twilio, the call hangs up when the document runs out.
 */
export async function runVerbs(call: CallContext, verbs: Verb[]): Promise<void> {
  let document = verbs;
  for (let documents = 1; documents <= MAX_DOCUMENTS; documents += 1) {
    let result: VerbResult = { next: 'continue' };
    for (const verb of document) {
      if (call.signal.aborted) return;
      const redirected = await call.takeRedirect();
      if (redirected) {
        result = { next: 'replace', verbs: redirected };
        break;
      }
      const handler = HANDLERS[verb.verb] as VerbHandler | undefined;
      if (!handler) throw new UnsupportedVerbError(`verb ${verb.verb} is not supported yet`);
      result = await handler(call, verb);
      if (result.next !== 'continue') break;
    }
    if (result.next === 'replace') {
      document = result.verbs;
      continue;
    }
    if (result.next === 'continue' && !call.signal.aborted) await call.hangup();
    return;
  }
  throw new Error(`more than ${MAX_DOCUMENTS} documents in one call`);
}
