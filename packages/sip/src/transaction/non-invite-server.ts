import type { SipRequest, SipResponse } from '../parser/types';
import { createServerCore, serverTransactionKey } from './server-base';
import type { ServerTransaction, TransactionEnv } from './types';

/**
 * Non-INVITE server transaction, RFC 3261 §17.2.2: retransmitted requests are answered with the
 * last response, and Timer J keeps the Completed state for 64*T1 over unreliable transports.
 */
export function createNonInviteServerTransaction(
  request: SipRequest,
  env: TransactionEnv,
): ServerTransaction {
  const core = createServerCore(env, 'trying');

  const respond = (response: SipResponse) => {
    if (core.state !== 'trying' && core.state !== 'proceeding') {
      throw new Error(`transaction already answered (${core.state})`);
    }
    core.send(response);
    if (response.status < 200) {
      core.state = 'proceeding';
      return;
    }
    core.state = 'completed';
    core.timers.start('J', env.reliable ? 0 : 64 * env.timers.t1, () => core.terminate());
  };

  return {
    key: serverTransactionKey(request),
    request,
    get state() {
      return core.state;
    },
    respond,
    receive: () => {
      if (core.state === 'proceeding' || core.state === 'completed') core.resend();
    },
    acknowledge2xx: () => {},
    terminate: () => core.terminate(),
  };
}
