import type { Verb } from '../verbs/verb-schema';
import type { InboundFlowOf } from './flow-schema';

/** `forward`: Dial the number (through the tenant's trunks) or SIP URI, caller id kept unless set. */
export function forwardFlowVerbs(flow: InboundFlowOf<'forward'>, caller: string): Verb[] {
  const target = flow.to.startsWith('+')
    ? ({ type: 'number', number: flow.to } as const)
    : ({ type: 'sip', uri: flow.to } as const);
  return [
    {
      verb: 'dial',
      targets: [target],
      timeout: flow.timeout,
      callerId: flow.callerId ?? caller,
      method: 'POST',
      record: false,
    },
  ];
}
