import { CONTINUE, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Pause length="n">`: silence for n seconds. */
export const pause: VerbHandler<Extract<Verb, { verb: 'pause' }>> = async (call, verb) => {
  await call.wait(verb.length * 1000);
  return CONTINUE;
};
