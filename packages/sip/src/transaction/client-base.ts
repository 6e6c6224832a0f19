import { createResponse } from '../message/build';
import { getCSeq, getTopVia } from '../message/headers';
import type { SipRequest, SipResponse } from '../parser/types';
import { createTimerSet } from './timer-set';
import type { ClientTransaction, TransactionEnv, TransactionState } from './types';

/** State shared by both client transaction kinds: listeners, the final-response promise, timers. */
export function createClientCore(request: SipRequest, env: TransactionEnv, initial: TransactionState) {
  let state: TransactionState = initial;
  let settled = false;
  let resolveResponse: (response: SipResponse) => void = () => {};
  const response = new Promise<SipResponse>((resolve) => {
    resolveResponse = resolve;
  });
  const settle = (r: SipResponse) => {
    settled = true;
    resolveResponse(r);
  };
  const provisional: Array<(r: SipResponse) => void> = [];
  const extra2xx: Array<(r: SipResponse) => void> = [];
  const timers = createTimerSet(env.clock);

  const core = {
    response,
    timers,
    provisional,
    extra2xx,
    get state() {
      return state;
    },
    set state(next: TransactionState) {
      state = next;
    },
    resolve: (r: SipResponse) => settle(r),
    terminate(): void {
      if (state === 'terminated') return;
      // Ended before any final response (e.g. the stack closed): nobody may be left waiting.
      if (!settled) settle(createResponse(request, 503));
      state = 'terminated';
      timers.stopAll();
      env.onTerminated();
    },
    /** Timeout or transport failure: report the local status the TU must act on, then end. */
    fail(status: 408 | 503): void {
      settle(createResponse(request, status));
      core.terminate();
    },
    send(): void {
      env.send(request).catch(() => {
        if (state !== 'terminated' && state !== 'completed' && state !== 'accepted') core.fail(503);
      });
    },
  };
  return core;
}

type ClientCore = ReturnType<typeof createClientCore>;

/** The public face of a client transaction of either kind. */
export function exposeClient(
  core: ClientCore,
  request: SipRequest,
  receive: (response: SipResponse) => void,
): ClientTransaction {
  return {
    key: clientTransactionKey(request),
    request,
    get state() {
      return core.state;
    },
    response: core.response,
    onProvisional: (listener) => core.provisional.push(listener),
    onAdditional2xx: (listener) => core.extra2xx.push(listener),
    receive,
    terminate: () => core.terminate(),
  };
}

/** Client transactions match responses by top Via branch plus CSeq method (RFC 3261 §17.1.3). */
export function clientTransactionKey(message: SipRequest | SipResponse): string {
  return `${getTopVia(message).params.branch ?? ''}|${getCSeq(message).method}`;
}
