import { createFakeClock, type FakeClock } from '../clock/fake-clock';
import { createRequest } from '../message/build-request';
import { createBranch } from '../message/ids';
import type { SipMessage, SipRequest } from '../parser/types';
import { DEFAULT_TIMERS, type TransactionEnv } from './types';

export type TestEnv = TransactionEnv & {
  clock: FakeClock;
  sent: SipMessage[];
  terminated: () => boolean;
  failSends: (fail: boolean) => void;
};

/** A transaction environment on a fake clock that records what would have gone on the wire. */
export function createTestEnv(reliable = false): TestEnv {
  const clock = createFakeClock();
  const sent: SipMessage[] = [];
  let terminated = false;
  let failing = false;
  return {
    clock,
    timers: DEFAULT_TIMERS,
    reliable,
    sent,
    send: async (msg) => {
      if (failing) throw new Error('unreachable');
      sent.push(msg);
    },
    onTerminated: () => {
      terminated = true;
    },
    terminated: () => terminated,
    failSends: (fail) => {
      failing = fail;
    },
  };
}

export function createTestRequest(method: string): SipRequest {
  const request = createRequest({
    method,
    uri: 'sip:bob@127.0.0.1:5070',
    from: 'sip:alice@127.0.0.1',
    to: 'sip:bob@127.0.0.1',
    contact: 'sip:alice@127.0.0.1:5060',
  });
  request.headers.unshift({ name: 'Via', value: `SIP/2.0/UDP 127.0.0.1:5060;branch=${createBranch()}` });
  return request;
}

/** Lets promise callbacks (e.g. the transport's send) run before asserting. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
