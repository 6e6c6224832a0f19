import { createNon2xxAck } from '../message/build';
import type { SipRequest, SipResponse } from '../parser/types';
import { createClientCore, exposeClient } from './client-base';
import type { ClientTransaction, TransactionEnv } from './types';

/**
 * INVITE client transaction, RFC 3261 §17.1.1 with the RFC 6026 Accepted state: Timer A
 * retransmits over unreliable transports, Timer B gives up, non-2xx finals are ACKed here and Timer
 * D absorbs their retransmissions, and Timer M keeps the transaction around to pass on 2xx
 * retransmissions (and forked 2xx) for the UAC core to ACK.
 */
export function createInviteClientTransaction(request: SipRequest, env: TransactionEnv): ClientTransaction {
  const { t1 } = env.timers;
  const core = createClientCore(request, env, 'calling');
  let ack: SipRequest | undefined;

  const retransmit = (interval: number) => {
    core.timers.start('A', interval, () => {
      if (core.state !== 'calling') return;
      core.send();
      retransmit(interval * 2);
    });
  };

  const sendAck = () => {
    if (ack) env.send(ack).catch(() => core.terminate());
  };

  const receive = (response: SipResponse) => {
    const { status } = response;
    if (core.state === 'calling' || core.state === 'proceeding') {
      if (status < 200) {
        core.state = 'proceeding';
        core.timers.stop('A', 'B');
        for (const listener of core.provisional) listener(response);
      } else if (status < 300) {
        core.state = 'accepted';
        core.timers.stop('A', 'B');
        core.resolve(response);
        core.timers.start('M', 64 * t1, () => core.terminate());
      } else {
        core.state = 'completed';
        core.timers.stop('A', 'B');
        ack = createNon2xxAck(request, response);
        sendAck();
        core.resolve(response);
        core.timers.start('D', env.reliable ? 0 : Math.max(32_000, 64 * t1), () => core.terminate());
      }
    } else if (core.state === 'completed' && status >= 300) {
      sendAck();
    } else if (core.state === 'accepted' && status >= 200 && status < 300) {
      for (const listener of core.extra2xx) listener(response);
    }
  };

  core.send();
  if (!env.reliable) retransmit(t1);
  core.timers.start('B', 64 * t1, () => {
    if (core.state === 'calling') core.fail(408);
  });

  return exposeClient(core, request, receive);
}
