import { type Dialog, dialogKey, receiveInDialogResponse } from '../dialog/dialog';
import { getCallId, getCSeq, getHeader, getHeaders } from '../message/headers';
import { createBranch } from '../message/ids';
import { serializeMessage } from '../parser/serialize';
import type { SipRequest, SipResponse } from '../parser/types';
import { createInviteClientTransaction } from '../transaction/invite-client';
import { createNonInviteClientTransaction } from '../transaction/non-invite-client';
import type { ClientTransaction, TransactionEnv } from '../transaction/types';
import { requestDestination } from '../transport/routing';
import { withCredentials } from './authenticate';
import { type BoundTransport, contactUri, pickTransport, type StackContext, sentBy } from './context';
import type { OutgoingRequest, SendOptions } from './types';
import { createUacInvite } from './uac-invite';

type Hop = { bound: BoundTransport; host: string; port: number };

function resolveHop(ctx: StackContext, request: SipRequest, options: SendOptions): Hop {
  const target = options.destination ?? requestDestination(request);
  return { bound: pickTransport(ctx, target.protocol), host: target.host, port: target.port };
}

/** Stamps the top Via (new branch, rport asked for per RFC 3581) and fills Contact/User-Agent. */
function prepare(ctx: StackContext, request: SipRequest, hop: Hop, keepVia: boolean): void {
  if (!keepVia) {
    const via = `SIP/2.0/${hop.bound.transport.viaTransport} ${sentBy(hop.bound)};branch=${createBranch()};rport`;
    request.headers.unshift({ name: 'Via', value: via });
  }
  if (!getHeader(request, 'Max-Forwards')) request.headers.push({ name: 'Max-Forwards', value: '70' });
  if (request.method === 'INVITE' && getHeaders(request, 'Contact').length === 0) {
    request.headers.push({ name: 'Contact', value: `<${contactUri(hop.bound)}>` });
  }
  if (request.method === 'INVITE' && ctx.supported.size > 0 && !getHeader(request, 'Supported')) {
    request.headers.push({ name: 'Supported', value: [...ctx.supported].join(', ') });
  }
  if (ctx.userAgent && !getHeader(request, 'User-Agent'))
    request.headers.push({ name: 'User-Agent', value: ctx.userAgent });
}

/** ACKs travel without a transaction (a 2xx ACK is end to end, RFC 3261 §13.2.2.4). */
export function sendAck(ctx: StackContext, ack: SipRequest, destination?: SendOptions['destination']): void {
  const hop = resolveHop(ctx, ack, destination ? { destination } : {});
  prepare(ctx, ack, hop, false);
  hop.bound.transport.send(serializeMessage(ack), hop).catch(() => {});
}

function startTransaction(ctx: StackContext, request: SipRequest, hop: Hop): ClientTransaction {
  let key = '';
  const env: TransactionEnv = {
    clock: ctx.clock,
    timers: ctx.timers,
    reliable: hop.bound.transport.reliable,
    send: (msg) => hop.bound.transport.send(serializeMessage(msg), hop),
    onTerminated: () => ctx.clientTransactions.delete(key),
  };
  const tx =
    request.method === 'INVITE'
      ? createInviteClientTransaction(request, env)
      : createNonInviteClientTransaction(request, env);
  key = tx.key;
  ctx.clientTransactions.set(key, tx);
  return tx;
}

/**
 * Sends a request through a new client transaction, retrying once with credentials on 401/407.
 * INVITEs get the UAC core of uac-invite.ts (dialogs, PRACK, ACK) and can be CANCELled once a
 * provisional has arrived (RFC 3261 §9.1).
 */
export function sendRequest(
  ctx: StackContext,
  request: SipRequest,
  options: SendOptions = {},
  dialog?: Dialog,
): OutgoingRequest {
  const hop = resolveHop(ctx, request, options);
  prepare(ctx, request, hop, request.method === 'CANCEL' && getHeaders(request, 'Via').length > 0);
  const tx = startTransaction(ctx, request, hop);
  const provisional: Array<(r: SipResponse) => void> = [];
  const invite =
    request.method === 'INVITE'
      ? createUacInvite(
          ctx,
          request,
          options,
          dialog,
          tx,
          (r, o, d) => sendRequest(ctx, r, o, d),
          (ack, destination) => sendAck(ctx, ack, destination),
        )
      : undefined;
  tx.onProvisional((r) => {
    invite?.provisional(r);
    for (const listener of provisional) listener(r);
  });
  let current: {
    request: SipRequest;
    tx: ClientTransaction;
    dialog: Dialog | undefined;
    retry?: OutgoingRequest;
  } = {
    request,
    tx,
    dialog,
  };
  let cancelRequested = false;

  const handleFinal = async (response: SipResponse): Promise<SipResponse> => {
    const retry = withCredentials(current.request, response, options, current.dialog);
    if (retry) {
      invite?.final(response);
      const next = sendRequest(ctx, retry, { ...options, credentials: undefined }, current.dialog);
      next.onProvisional((r) => {
        for (const listener of provisional) listener(r);
      });
      current = { request: next.request, tx: next.transaction, dialog: current.dialog, retry: next };
      if (cancelRequested) next.cancel();
      const final = await next.response;
      current.dialog = next.dialog();
      return final;
    }
    if (invite) current.dialog = invite.final(response);
    if (current.dialog && !(invite && response.status < 300)) {
      receiveInDialogResponse(current.dialog, request, response);
      if (current.dialog.state === 'terminated') ctx.dialogs.delete(dialogKey(current.dialog.id));
    }
    return response;
  };

  const response = tx.response.then(handleFinal);
  return {
    get request() {
      return current.request;
    },
    get transaction() {
      return current.tx;
    },
    response,
    onProvisional: (listener) => provisional.push(listener),
    dialog: () => current.dialog,
    cancel() {
      if (request.method !== 'INVITE' || cancelRequested) return;
      cancelRequested = true;
      if (current.retry) {
        current.retry.cancel();
        return;
      }
      const send = () => {
        if (current.tx.state === 'proceeding') sendRequest(ctx, createCancel(current.request), options);
      };
      if (current.tx.state === 'proceeding') send();
      else if (current.tx.state === 'calling') current.tx.onProvisional(() => send());
    },
  };
}

/** RFC 3261 §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via (branch) as the INVITE. */
function createCancel(invite: SipRequest): SipRequest {
  const headers = [
    { name: 'Via', value: getHeaders(invite, 'Via')[0] ?? '' },
    ...getHeaders(invite, 'Route').map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: getHeader(invite, 'From') ?? '' },
    { name: 'To', value: getHeader(invite, 'To') ?? '' },
    { name: 'Call-ID', value: getCallId(invite) },
    { name: 'CSeq', value: `${getCSeq(invite).seq} CANCEL` },
  ];
  return {
    kind: 'request',
    method: 'CANCEL',
    uri: invite.uri,
    version: 'SIP/2.0',
    headers,
    body: Buffer.alloc(0),
  };
}
