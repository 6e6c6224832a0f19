import { createResponse } from '../message/build';
import { getTopVia, hasCoreHeaders, replaceTopVia } from '../message/headers';
import { sipHost } from '../parser/host';
import { parseMessage } from '../parser/parse-message';
import { serializeMessage } from '../parser/serialize';
import { SipParseError } from '../parser/sip-parse-error';
import type { SipMessage, SipResponse } from '../parser/types';
import { serializeVia } from '../parser/via';
import { clientTransactionKey } from '../transaction/client-base';
import { responseDestination, stampReceived } from '../transport/routing';
import type { Endpoint, HostPort, Transport } from '../transport/types';
import type { StackContext } from './context';
import { dispatchRequest } from './dispatch-request';

/** Sends a response outside any transaction (400, 505), routed by its top Via (RFC 3261 §18.2.2). */
export function sendStateless(response: SipResponse, transport: Transport, source: HostPort): Promise<void> {
  const destination = responseDestination(getTopVia(response), source, transport.hasConnection(source));
  return transport.send(serializeMessage(response), destination).catch(() => {});
}

/**
 * Entry point for every received message. A message the strict parser refuses is re-read
 * leniently: a request that still has Via, From, To, Call-ID and CSeq is answered 400 with the
 * reason in a Warning, a response is accepted as read (there is nobody to complain to), and
 * anything less is dropped. Either way the listener carries on.
 */
export function receiveMessage(
  ctx: StackContext,
  data: Buffer,
  source: HostPort,
  transport: Transport,
): void {
  if (ctx.closed) return;
  const remote: Endpoint = { ...source, protocol: transport.protocol };
  let message: SipMessage | undefined;
  try {
    message = parseMessage(data, { mode: ctx.parseMode });
  } catch (err) {
    if (!(err instanceof SipParseError)) throw err;
    message = rejectMalformed(ctx, data, err, remote, transport);
  }
  if (!message) return;
  if (!hasCoreHeaders(message)) {
    ctx.logger.debug({ remote }, 'sip: dropped message without core headers');
    return;
  }
  if (message.kind === 'response') {
    const tx = ctx.clientTransactions.get(clientTransactionKey(message));
    if (tx) tx.receive(message);
    else ctx.logger.debug({ remote, status: message.status }, 'sip: stray response dropped');
    return;
  }
  replaceTopVia(message, serializeVia(stampReceived(getTopVia(message), source)));
  if (message.version !== 'SIP/2.0') {
    void sendStateless(createResponse(message, 505), transport, source);
    return;
  }
  dispatchRequest(ctx, message, remote, transport);
}

function rejectMalformed(
  ctx: StackContext,
  data: Buffer,
  err: SipParseError,
  remote: Endpoint,
  transport: Transport,
): SipResponse | undefined {
  let lenient: SipMessage | undefined;
  try {
    lenient = parseMessage(data, { mode: 'lenient' });
  } catch {
    lenient = undefined;
  }
  if (lenient?.kind === 'response') return lenient;
  if (lenient?.kind !== 'request' || lenient.method === 'ACK' || !hasCoreHeaders(lenient)) {
    ctx.logger.debug({ remote, error: err.message }, 'sip: dropped unparseable message');
    return undefined;
  }
  replaceTopVia(lenient, serializeVia(stampReceived(getTopVia(lenient), remote)));
  const warning = err.message.replace(/["\\\r\n]/g, "'").slice(0, 120);
  const host = sipHost(transport.address().host);
  const response = createResponse(lenient, 400, 'Bad Request', { Warning: `399 ${host} "${warning}"` });
  ctx.logger.warn({ remote, error: err.message }, 'sip: answered malformed request with 400');
  void sendStateless(response, transport, remote);
  return undefined;
}
