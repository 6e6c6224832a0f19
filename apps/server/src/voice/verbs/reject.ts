import { STOP, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Reject reason="busy|rejected">`: refuses an unanswered call with 486 or 603. */
export const reject: VerbHandler<Extract<Verb, { verb: 'reject' }>> = async (call, verb) => {
  await call.hangup({ sipCode: verb.reason === 'busy' ? 486 : 603 });
  return STOP;
};
