import { createUacDialog, type Dialog, dialogKey, receiveInDialogResponse } from '../dialog/dialog';
import { createInDialogRequest } from '../dialog/in-dialog-request';
import { getCSeq, getHeader, getHeaders, getTag, getTo } from '../message/headers';
import type { SipRequest, SipResponse } from '../parser/types';
import type { ClientTransaction } from '../transaction/types';
import type { StackContext } from './context';
import type { OutgoingRequest, SendOptions } from './types';

type Send = (request: SipRequest, options: SendOptions, dialog?: Dialog) => OutgoingRequest;
type SendAck = (ack: SipRequest, destination: SendOptions['destination']) => void;

export type UacInvite = {
  provisional(response: SipResponse): void;
  /** Applies a final response; returns the dialog the call now has, if any. */
  final(response: SipResponse): Dialog | undefined;
};

const isReliable = (response: SipResponse): boolean =>
  getHeaders(response, 'Require').some((tag) => tag.toLowerCase() === '100rel') &&
  getHeader(response, 'RSeq') !== undefined;

/**
 * The UAC core for one INVITE: early dialogs from tagged provisionals (RFC 3261 §12.1.2), PRACK for
 * reliable provisionals (RFC 3262 §4), and on 2xx the confirmed dialog, its ACK (re-sent for
 * retransmitted 2xx) and ACK+BYE for any further fork (§13.2.2.4).
 */
export function createUacInvite(
  ctx: StackContext,
  request: SipRequest,
  options: SendOptions,
  existing: Dialog | undefined,
  tx: ClientTransaction,
  send: Send,
  sendAck: SendAck,
): UacInvite {
  const early = new Map<string, Dialog>();
  const lastRseq = new Map<string, number>();

  const prack = (dialog: Dialog, response: SipResponse) => {
    const rseq = Number(getHeader(response, 'RSeq'));
    const tag = getTag(getTo(response)) ?? '';
    const last = lastRseq.get(tag);
    // Only the next reliable provisional in sequence is acknowledged; repeats are retransmissions.
    if (!Number.isSafeInteger(rseq) || (last !== undefined && rseq !== last + 1)) return;
    lastRseq.set(tag, rseq);
    const { seq, method } = getCSeq(response);
    const headers = { RAck: `${rseq} ${seq} ${method}` };
    send(createInDialogRequest(dialog, 'PRACK', { headers }), { destination: options.destination }, dialog);
  };

  const dropEarly = (keep?: Dialog) => {
    for (const dialog of early.values()) if (dialog !== keep) ctx.dialogs.delete(dialogKey(dialog.id));
  };

  const confirm = (response: SipResponse): Dialog => {
    const tag = getTag(getTo(response)) ?? '';
    const earlyDialog = early.get(tag);
    const dialog = existing ?? earlyDialog ?? createUacDialog(request, response);
    if (existing || earlyDialog) receiveInDialogResponse(dialog, request, response);
    // RFC 3261 §13.2.2.4: an early dialog's route set is recomputed from the 2xx.
    if (earlyDialog) dialog.routeSet = getHeaders(response, 'Record-Route').reverse();
    dropEarly(dialog);
    ctx.dialogs.set(dialogKey(dialog.id), dialog);
    return dialog;
  };

  const acknowledge = (dialog: Dialog, response: SipResponse) => {
    if (options.autoAck === false) return;
    const acked = new Map<string, SipRequest>();
    const ackFor = (r: SipResponse, d: Dialog) => {
      const tag = getTag(getTo(r)) ?? '';
      const ack = acked.get(tag) ?? createInDialogRequest(d, 'ACK');
      acked.set(tag, ack);
      // The ACK takes the INVITE's explicit next hop, if it had one (an outbound proxy).
      sendAck({ ...ack, headers: ack.headers.filter((h) => h.name !== 'Via') }, options.destination);
    };
    ackFor(response, dialog);
    tx.onAdditional2xx((extra) => {
      if (acked.has(getTag(getTo(extra)) ?? '')) {
        ackFor(extra, dialog);
        return;
      }
      // A second fork answered: confirm it, then end it, keeping a single dialog.
      const fork = createUacDialog(request, extra);
      ackFor(extra, fork);
      send(createInDialogRequest(fork, 'BYE'), {}, fork);
    });
  };

  return {
    provisional(response) {
      const tag = getTag(getTo(response));
      let dialog = existing;
      if (!existing && tag !== undefined && response.status > 100) {
        dialog = early.get(tag);
        if (!dialog) {
          dialog = createUacDialog(request, response);
          early.set(tag, dialog);
          ctx.dialogs.set(dialogKey(dialog.id), dialog);
        }
      }
      if (dialog && isReliable(response)) prack(dialog, response);
    },
    final(response) {
      if (response.status >= 200 && response.status < 300) {
        const dialog = confirm(response);
        acknowledge(dialog, response);
        return dialog;
      }
      dropEarly();
      return existing;
    },
  };
}
