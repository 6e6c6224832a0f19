import { getCallId, getCSeq, getFrom, getTag, getTopVia } from '../message/headers';
import { serializeMessage } from '../parser/serialize';
import type { SipRequest } from '../parser/types';
import { createInviteServerTransaction } from '../transaction/invite-server';
import { createNonInviteServerTransaction } from '../transaction/non-invite-server';
import type { ServerTransaction, TransactionEnv } from '../transaction/types';
import { responseDestination } from '../transport/routing';
import type { HostPort, Transport } from '../transport/types';
import type { StackContext } from './context';

export const ackKey = (request: SipRequest): string => `${getCallId(request)}|${getCSeq(request).seq}`;

/** Identity of a request apart from its Via: equal identities with different branches are merged requests. */
export const requestIdentity = (request: SipRequest): string =>
  `${getTag(getFrom(request)) ?? ''}|${getCallId(request)}|${getCSeq(request).seq}|${request.method}`;

/** Creates and registers the server transaction for a new request; responses go back per §18.2.2. */
export function createServerTransaction(
  ctx: StackContext,
  request: SipRequest,
  transport: Transport,
  source: HostPort,
): ServerTransaction {
  let key = '';
  const env: TransactionEnv = {
    clock: ctx.clock,
    timers: ctx.timers,
    reliable: transport.reliable,
    send: (response) => {
      if (
        ctx.userAgent &&
        response.kind === 'response' &&
        !response.headers.some((h) => h.name === 'Server')
      ) {
        response.headers.push({ name: 'Server', value: ctx.userAgent });
      }
      const destination = responseDestination(getTopVia(response), source, transport.hasConnection(source));
      return transport.send(serializeMessage(response), destination);
    },
    onTerminated: () => {
      ctx.serverTransactions.delete(key);
      if (ctx.requestIdentities.get(requestIdentity(request)) === key)
        ctx.requestIdentities.delete(requestIdentity(request));
      if (ctx.awaitingAck.get(ackKey(request)) === tx) ctx.awaitingAck.delete(ackKey(request));
    },
  };
  const tx =
    request.method === 'INVITE'
      ? createInviteServerTransaction(request, env, {
          onAckTimeout: () =>
            ctx.logger.warn({ callId: getCallId(request) }, 'sip: final response never ACKed'),
        })
      : createNonInviteServerTransaction(request, env);
  key = tx.key;
  ctx.serverTransactions.set(key, tx);
  ctx.requestIdentities.set(requestIdentity(request), key);
  return tx;
}
