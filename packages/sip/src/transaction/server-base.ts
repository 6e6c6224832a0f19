import { getCSeq, getTopVia } from '../message/headers';
import { MAGIC_COOKIE } from '../message/ids';
import type { SipRequest, SipResponse } from '../parser/types';
import { createTimerSet } from './timer-set';
import type { TransactionEnv, TransactionState } from './types';

export function createServerCore(env: TransactionEnv, initial: TransactionState) {
  let state: TransactionState = initial;
  let last: SipResponse | undefined;
  const timers = createTimerSet(env.clock);
  const core = {
    timers,
    get state() {
      return state;
    },
    set state(next: TransactionState) {
      state = next;
    },
    get last() {
      return last;
    },
    terminate(): void {
      if (state === 'terminated') return;
      state = 'terminated';
      timers.stopAll();
      env.onTerminated();
    },
    /** Sends (or resends) a response; a transport error ends the transaction (RFC 3261 §17.2.4). */
    send(response: SipResponse): void {
      last = response;
      env.send(response).catch(() => core.terminate());
    },
    resend(): void {
      if (last) core.send(last);
    },
  };
  return core;
}

/**
 * Server transactions match by top Via branch, sent-by and method, with ACK matching its INVITE
 * (RFC 3261 §17.2.3). Requests from RFC 2543 peers (no magic cookie) fall back to the old
 * Call-ID/CSeq/From-tag/Via identity.
 */
export function serverTransactionKey(request: SipRequest): string {
  const via = getTopVia(request);
  const method = request.method === 'ACK' ? 'INVITE' : request.method;
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  const branch = via.params.branch ?? '';
  if (branch.startsWith(MAGIC_COOKIE)) return `${branch}|${sentBy}|${method}`;
  const from = /;\s*tag\s*=\s*([^;\s]+)/i.exec(
    request.headers.find((h) => h.name === 'From')?.value ?? '',
  )?.[1];
  const callId = request.headers.find((h) => h.name === 'Call-ID')?.value ?? '';
  return `2543|${request.uri}|${from ?? ''}|${callId}|${getCSeq(request).seq}|${sentBy}|${branch}|${method}`;
}
