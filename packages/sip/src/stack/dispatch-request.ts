import { dialogKey, receiveInDialogRequest } from '../dialog/dialog';
import { createResponse } from '../message/build';
import { getCallId, getFrom, getHeaders, getTag, getTo } from '../message/headers';
import type { SipRequest } from '../parser/types';
import { serverTransactionKey } from '../transaction/server-base';
import type { ServerTransaction } from '../transaction/types';
import type { Endpoint, Transport } from '../transport/types';
import type { StackContext } from './context';
import { createIncomingRequest } from './incoming-request';
import { reliableKey } from './reliable-provisional';
import { ackKey, createServerTransaction, requestIdentity } from './server-transactions';

const findDialog = (ctx: StackContext, request: SipRequest) => {
  const localTag = getTag(getTo(request));
  if (localTag === undefined) return undefined;
  const remoteTag = getTag(getFrom(request)) ?? '';
  return ctx.dialogs.get(dialogKey({ callId: getCallId(request), localTag, remoteTag }));
};

/** Routes a parsed request to its transaction, dialog and finally the application (RFC 3261 §8.2, §12.2.2). */
export function dispatchRequest(
  ctx: StackContext,
  request: SipRequest,
  remote: Endpoint,
  transport: Transport,
): void {
  if (request.method === 'ACK') {
    receiveAck(ctx, request);
    return;
  }
  const existing = ctx.serverTransactions.get(serverTransactionKey(request));
  if (existing) {
    existing.receive(request);
    return;
  }
  const merged = getTag(getTo(request)) === undefined && ctx.requestIdentities.has(requestIdentity(request));
  const tx = createServerTransaction(ctx, request, transport, remote);
  if (request.method === 'CANCEL') {
    receiveCancel(ctx, request, tx);
    return;
  }
  const incoming = createIncomingRequest(ctx, request, remote, tx, transport);
  if (merged) {
    // RFC 3261 §8.2.2.2: the same request reached us twice by different paths (forking proxies).
    incoming.reply(482);
    return;
  }
  if (!/^sips?:/i.test(request.uri)) {
    // RFC 3261 §8.2.2.1: a UA only knows sip/sips Request-URIs (RFC 4475 §3.3.2).
    incoming.reply(416);
    return;
  }
  const unsupported = getHeaders(request, 'Require').filter(
    (tag) => tag !== '' && !ctx.supported.has(tag.toLowerCase()),
  );
  if (unsupported.length > 0) {
    incoming.reply(420, undefined, { Unsupported: unsupported.join(', ') });
    return;
  }
  if (getTag(getTo(request)) !== undefined) {
    const dialog = findDialog(ctx, request);
    if (!dialog) {
      incoming.reply(481);
      return;
    }
    const check = receiveInDialogRequest(dialog, request);
    if (!check.ok) {
      incoming.reply(check.status, check.reason);
      return;
    }
    incoming.dialog = dialog;
    if (dialog.state === 'terminated') ctx.dialogs.delete(dialogKey(dialog.id));
    if (request.method === 'PRACK') {
      receivePrack(ctx, request, dialogKey(dialog.id), incoming.reply);
      return;
    }
  }
  const handler = ctx.handler;
  if (!handler) {
    incoming.reply(request.method === 'OPTIONS' ? 200 : 501);
    return;
  }
  const fail = (err: unknown) => {
    ctx.logger.warn({ err, method: request.method }, 'sip: request handler failed');
    if (tx.state === 'trying' || tx.state === 'proceeding') incoming.reply(500);
  };
  try {
    Promise.resolve(handler(incoming)).catch(fail);
  } catch (err) {
    fail(err);
  }
}

function receiveAck(ctx: StackContext, ack: SipRequest): void {
  const tx = ctx.serverTransactions.get(serverTransactionKey(ack));
  if (tx && tx.state !== 'accepted') {
    tx.receive(ack);
    return;
  }
  const waiting = ctx.awaitingAck.get(ackKey(ack));
  if (waiting) {
    waiting.acknowledge2xx();
    ctx.awaitingAck.delete(ackKey(ack));
  }
  const dialog = findDialog(ctx, ack);
  for (const listener of ctx.ackListeners) listener(ack, dialog);
}

/** RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE if it is still unanswered; 481 if no INVITE matches. */
function receiveCancel(ctx: StackContext, cancel: SipRequest, cancelTx: ServerTransaction): void {
  const invite = ctx.serverTransactions.get(serverTransactionKey({ ...cancel, method: 'INVITE' }));
  cancelTx.respond(createResponse(cancel, invite ? 200 : 481));
  if (invite?.state !== 'proceeding') return;
  const entry = ctx.cancellable.get(invite);
  if (!entry) return;
  entry.terminate();
  for (const listener of entry.listeners) listener();
}

/** RFC 3262 §3: a PRACK whose RAck matches a pending reliable provisional stops it and gets 200. */
function receivePrack(
  ctx: StackContext,
  prack: SipRequest,
  dialog: string,
  reply: (status: number) => unknown,
): void {
  const m = /^(\d+)\s+(\d+)\s+(\S+)$/.exec(getHeaders(prack, 'RAck')[0]?.trim() ?? '');
  const stop = m ? ctx.reliableProvisionals.get(reliableKey(dialog, Number(m[1]), Number(m[2]))) : undefined;
  if (!stop) {
    reply(481);
    return;
  }
  stop();
  reply(200);
}
