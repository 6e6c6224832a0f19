import type { SipRequest, SipResponse } from '../parser/types';
import { createClientCore, exposeClient } from './client-base';
import type { ClientTransaction, TransactionEnv } from './types';

/**
 * Non-INVITE client transaction, RFC 3261 §17.1.2: Timer E retransmits (doubling up to T2, then
 * every T2 once a provisional arrived), Timer F gives up after 64*T1, Timer K absorbs response
 * retransmissions in Completed.
 */
export function createNonInviteClientTransaction(
  request: SipRequest,
  env: TransactionEnv,
): ClientTransaction {
  const { t1, t2, t4 } = env.timers;
  const core = createClientCore(request, env, 'trying');

  const retransmit = (interval: number) => {
    core.timers.start('E', interval, () => {
      if (core.state !== 'trying' && core.state !== 'proceeding') return;
      core.send();
      retransmit(core.state === 'proceeding' ? t2 : Math.min(interval * 2, t2));
    });
  };

  const receive = (response: SipResponse) => {
    if (core.state !== 'trying' && core.state !== 'proceeding') return;
    if (response.status < 200) {
      core.state = 'proceeding';
      for (const listener of core.provisional) listener(response);
      return;
    }
    core.state = 'completed';
    core.timers.stop('E', 'F');
    core.resolve(response);
    core.timers.start('K', env.reliable ? 0 : t4, () => core.terminate());
  };

  core.send();
  if (!env.reliable) retransmit(t1);
  core.timers.start('F', 64 * t1, () => {
    if (core.state === 'trying' || core.state === 'proceeding') core.fail(408);
  });

  return exposeClient(core, request, receive);
}
