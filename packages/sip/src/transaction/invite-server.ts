import { createResponse } from '../message/build';
import type { SipRequest, SipResponse } from '../parser/types';
import { createServerCore, serverTransactionKey } from './server-base';
import type { ServerTransaction, ServerTransactionHooks, TransactionEnv } from './types';

/** RFC 3261 §17.2.1: a 100 Trying goes out if the TU hasn't answered within 200 ms. */
export const TRYING_DELAY_MS = 200;

/**
 * INVITE server transaction, RFC 3261 §17.2.1 with RFC 6026's Accepted state. Timer G retransmits
 * non-2xx finals until the ACK (Timer H gives up), Timer I absorbs further ACKs. A 2xx is
 * retransmitted here too (the UAS-core duty of §13.3.1.4, same T1→T2 schedule) until
 * acknowledge2xx() reports its ACK, with Timer L ending the transaction.
 */
export function createInviteServerTransaction(
  request: SipRequest,
  env: TransactionEnv,
  hooks: ServerTransactionHooks = {},
): ServerTransaction {
  const { t1, t2, t4 } = env.timers;
  const core = createServerCore(env, 'proceeding');
  let acked = false;

  const retransmitFinal = (interval: number) => {
    core.timers.start('G', interval, () => {
      if (core.state !== 'completed' && !(core.state === 'accepted' && !acked)) return;
      core.resend();
      retransmitFinal(Math.min(interval * 2, t2));
    });
  };

  const respond = (response: SipResponse) => {
    if (core.state !== 'proceeding') throw new Error(`INVITE transaction already answered (${core.state})`);
    core.timers.stop('trying');
    core.send(response);
    if (response.status < 200) return;
    if (response.status < 300) {
      core.state = 'accepted';
      // The 2xx is retransmitted over every transport: the ACK travels end to end, maybe via UDP hops.
      retransmitFinal(t1);
      core.timers.start('L', 64 * t1, () => {
        if (!acked) hooks.onAckTimeout?.();
        core.terminate();
      });
      return;
    }
    core.state = 'completed';
    if (!env.reliable) retransmitFinal(t1);
    core.timers.start('H', 64 * t1, () => {
      hooks.onAckTimeout?.();
      core.terminate();
    });
  };

  const receive = (req: SipRequest) => {
    if (req.method === 'ACK') {
      if (core.state !== 'completed') return;
      core.state = 'confirmed';
      core.timers.stop('G', 'H');
      core.timers.start('I', env.reliable ? 0 : t4, () => core.terminate());
    } else if (core.state === 'proceeding' || core.state === 'completed') {
      core.resend();
    }
  };

  core.timers.start('trying', TRYING_DELAY_MS, () => {
    if (core.state === 'proceeding' && !core.last) core.send(createResponse(request, 100));
  });

  return {
    key: serverTransactionKey(request),
    request,
    get state() {
      return core.state;
    },
    respond,
    receive,
    acknowledge2xx: () => {
      acked = true;
      core.timers.stop('G');
    },
    terminate: () => core.terminate(),
  };
}
