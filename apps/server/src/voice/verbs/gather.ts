import { CONTINUE, type VerbHandler } from './call-context';
import { pause } from './pause';
import { play } from './play';
import { say } from './say';
import type { Verb } from './verb-schema';

type Gather = Extract<Verb, { verb: 'gather' }>;
type Prompt = Gather['prompts'][number];

const PROMPTS: { [K in Prompt['verb']]: VerbHandler<Extract<Prompt, { verb: K }>> } = { say, play, pause };

/**
 * `<Gather>`: plays its nested prompts, then collects DTMF until numDigits, finishOnKey (not
 * included) or `timeout` seconds without a digit. Digits go to `action` as `Digits` and its document
 * replaces the current one; without digits the document goes on with the next verb (as Twilio does).
 */
export const gather: VerbHandler<Gather> = async (call, verb) => {
  for (const prompt of verb.prompts) {
    await (PROMPTS[prompt.verb] as VerbHandler)(call, prompt);
    if (call.signal.aborted) return CONTINUE;
  }
  let digits = '';
  for (;;) {
    const digit = await call.nextDigit(verb.timeout * 1000);
    if (digit === null || call.signal.aborted) break;
    if (verb.finishOnKey && digit === verb.finishOnKey) break;
    digits += digit;
    if (verb.numDigits && digits.length >= verb.numDigits) break;
  }
  if (digits === '' || !verb.action) return CONTINUE;
  return { next: 'replace', verbs: await call.fetchVerbs(verb.action, verb.method, { Digits: digits }) };
};
