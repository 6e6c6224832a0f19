import { STOP, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Hangup/>`: ends the call; verbs after it never run. */
export const hangup: VerbHandler<Extract<Verb, { verb: 'hangup' }>> = async (call) => {
  await call.hangup();
  return STOP;
};
