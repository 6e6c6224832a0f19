import type { CallContext, VerbResult } from './call-context';
import type { Verb } from './verb-schema';

type Dial = Extract<Verb, { verb: 'dial' }>;

/** Dial with a Conference target (owned by the conference/queue work; contract for dial.ts). */
export async function dialConference(_call: CallContext, _verb: Dial): Promise<VerbResult> {
  throw new Error('Dial Conference is not built yet');
}
