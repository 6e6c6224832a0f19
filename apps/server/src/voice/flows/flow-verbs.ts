import { validateVerbs } from '../verbs/parse-verbs';
import type { Verb } from '../verbs/verb-schema';
import type { InboundFlow } from './flow-schema';
import { forwardFlowVerbs } from './forward-flow';
import { sayFlowVerbs } from './say-flow';
import { voicemailFlowVerbs } from './voicemail-flow';

/**
 * The verb document of a built-in flow for one call, validated like any tenant document so the
 * engine runs it unchanged (and a flow can never produce what a document could not).
 */
export function flowVerbs(flow: InboundFlow, call: { from: string }): Verb[] {
  switch (flow.type) {
    case 'say':
      return validateVerbs(sayFlowVerbs(flow));
    case 'voicemail':
      return validateVerbs(voicemailFlowVerbs(flow));
    case 'forward':
      return validateVerbs(forwardFlowVerbs(flow, call.from));
  }
}
