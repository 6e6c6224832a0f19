import { CONTINUE, type VerbHandler } from './call-context';
import type { Verb } from './verb-schema';

/** `<Play loop="n">url</Play>`: the audio at url, converted to WAV once, n times (0: until the call ends). */
export const play: VerbHandler<Extract<Verb, { verb: 'play' }>> = async (call, verb) => {
  const file = await call.fetchAudio(verb.url);
  for (let i = 0; (verb.loop === 0 || i < verb.loop) && !call.signal.aborted; i += 1)
    await call.playFile(file);
  return CONTINUE;
};
