import type { CallContext, VerbResult } from './call-context';
import type { Verb } from './verb-schema';

type Dial = Extract<Verb, { verb: 'dial' }>;

/** Dial with a Queue target (owned by the conference/queue work; contract for dial.ts). */
export async function dialQueue(_call: CallContext, _verb: Dial): Promise<VerbResult> {
  throw new Error('Dial Queue is not built yet');
}
