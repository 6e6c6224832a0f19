import type { Verb } from '../verbs/verb-schema';
import type { InboundFlowOf } from './flow-schema';

/** `say`: the text, then hang up (an announcement line, a "this number has moved" message). */
export function sayFlowVerbs(flow: InboundFlowOf<'say'>): Verb[] {
  return [{ verb: 'say', text: flow.text, voice: flow.voice, loop: 1 }, { verb: 'hangup' }];
}
