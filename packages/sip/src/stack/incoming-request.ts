import { createUasDialog, type Dialog, dialogKey } from '../dialog/dialog';
import { createResponse, type ExtraHeaders, toHeaderList } from '../message/build';
import { getContacts, getCSeq, getTag, getTo, setHeader } from '../message/headers';
import { createTag } from '../message/ids';
import { parseNameAddr, serializeNameAddr } from '../parser/name-addr';
import type { SipRequest, SipResponse } from '../parser/types';
import type { ServerTransaction } from '../transaction/types';
import type { Endpoint, Transport } from '../transport/types';
import { contactUri, type StackContext } from './context';
import { initialRseq, reliableKey, retransmitUntilPrack, supports100rel } from './reliable-provisional';
import { ackKey } from './server-transactions';
import type { IncomingRequest } from './types';

/**
 * Wraps a server transaction for the application. For INVITE it keeps one To tag across all
 * responses, adds our Contact to dialog-creating responses, and creates (or drops) the UAS dialog.
 */
export function createIncomingRequest(
  ctx: StackContext,
  request: SipRequest,
  remote: Endpoint,
  tx: ServerTransaction,
  transport: Transport,
): IncomingRequest & { dialog: Dialog | undefined } {
  const requestTag = getTag(getTo(request));
  let localTag = requestTag ?? createTag();
  const bound = ctx.transports.find((b) => b.transport === transport);
  const reliable: Array<() => void> = [];
  let rseq: number | undefined;

  const respond = (response: SipResponse) => {
    if (tx.state !== 'trying' && tx.state !== 'proceeding') {
      // Typically a late answer after CANCEL (487 already sent) or a handler answering twice.
      ctx.logger.warn(
        { method: request.method, status: response.status, state: tx.state },
        'sip: response after final ignored',
      );
      return;
    }
    const status = response.status;
    if (status >= 200) for (const stop of reliable.splice(0)) stop();
    const to = parseNameAddr(setToTagIfMissing(response, localTag), 'lenient', 'To');
    localTag = getTag(to) ?? localTag;
    const createsDialog = request.method === 'INVITE' && status > 100 && status < 300;
    if (createsDialog && getContacts(response).length === 0 && bound) {
      response.headers.push({ name: 'Contact', value: `<${contactUri(bound)}>` });
    }
    if (createsDialog && requestTag === undefined) trackUasDialog(ctx, incoming, response);
    if (request.method === 'INVITE' && status >= 300 && requestTag === undefined && incoming.dialog) {
      ctx.dialogs.delete(dialogKey(incoming.dialog.id));
    }
    if (request.method === 'INVITE' && status >= 200 && status < 300)
      ctx.awaitingAck.set(ackKey(request), tx);
    tx.respond(response);
  };

  const incoming: IncomingRequest & { dialog: Dialog | undefined } = {
    request,
    remote,
    dialog: undefined,
    transaction: tx,
    respond,
    reply(status: number, reason?: string, extraHeaders?: ExtraHeaders, body?: Buffer | string) {
      const response = createResponse(request, status, reason, extraHeaders, body);
      if (status > 100) setToTagIfMissing(response, localTag, true);
      respond(response);
      return response;
    },
    replyReliably(status: number, reason?: string, extraHeaders?: ExtraHeaders, body?: Buffer | string) {
      if (request.method !== 'INVITE' || status <= 100 || status >= 200) {
        throw new Error('only a 101-199 response to INVITE can be sent reliably');
      }
      if (!supports100rel(request)) throw new Error('the UAC did not offer 100rel');
      rseq = rseq === undefined ? initialRseq() : rseq + 1;
      const headers = [
        ...toHeaderList(extraHeaders),
        { name: 'Require', value: '100rel' },
        { name: 'RSeq', value: String(rseq) },
      ];
      const response = incoming.reply(status, reason, headers, body);
      if (!incoming.dialog || tx.state !== 'proceeding') return response;
      const key = reliableKey(dialogKey(incoming.dialog.id), rseq, getCSeq(request).seq);
      const resend = () => {
        if (tx.state === 'proceeding') tx.respond(response);
      };
      reliable.push(
        retransmitUntilPrack(ctx, key, resend, () =>
          incoming.reply(500, 'Provisional Response Not Acknowledged'),
        ),
      );
      return response;
    },
    onCancel: (listener) => cancellable.listeners.push(listener),
  };
  const cancellable = { terminate: () => incoming.reply(487), listeners: [] as Array<() => void> };
  if (request.method === 'INVITE') ctx.cancellable.set(tx, cancellable);
  return incoming;
}

/** Gives the response's To our tag (force: replace the random one createResponse chose). */
function setToTagIfMissing(response: SipResponse, tag: string, force = false): string {
  const raw = response.headers.find((h) => h.name === 'To')?.value ?? '';
  if (response.status === 100) return raw;
  const to = parseNameAddr(raw, 'lenient', 'To');
  if (to.params.tag !== undefined && to.params.tag !== null && !force) return raw;
  const value = serializeNameAddr({ ...to, params: { ...to.params, tag } });
  setHeader(response, 'To', value);
  return value;
}

function trackUasDialog(
  ctx: StackContext,
  incoming: { request: SipRequest; dialog: Dialog | undefined },
  response: SipResponse,
) {
  if (incoming.dialog) {
    if (response.status >= 200) incoming.dialog.state = 'confirmed';
    return;
  }
  const dialog = createUasDialog(incoming.request, response);
  incoming.dialog = dialog;
  ctx.dialogs.set(dialogKey(dialog.id), dialog);
}
