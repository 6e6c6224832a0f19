import { CONTINUE, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Say voice="…" loop="n">text</Say>`: speech from the TTS provider (espeak-ng locally), cached. */
export const say: VerbHandler<Extract<Verb, { verb: 'say' }>> = async (call, verb) => {
  const file = await call.synthesize(verb.text, verb.voice);
  for (let i = 0; (verb.loop === 0 || i < verb.loop) && !call.signal.aborted; i += 1)
    await call.playFile(file);
  return CONTINUE;
};
