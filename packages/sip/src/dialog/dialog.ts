import { getCallId, getContacts, getCSeq, getFrom, getHeaders, getTag, getTo } from '../message/headers';
import type { NameAddr, SipRequest, SipResponse } from '../parser/types';
import { serializeUri } from '../parser/uri';

export type DialogId = { callId: string; localTag: string; remoteTag: string };

/** Dialog state per RFC 3261 §12: identity, sequence numbers, route set and remote target. */
export type Dialog = {
  id: DialogId;
  role: 'uac' | 'uas';
  state: 'early' | 'confirmed' | 'terminated';
  /** CSeq of the last request this side sent in the dialog. */
  localSeq: number;
  /** CSeq of the last request the peer sent; undefined until it sends one (UAC side). */
  remoteSeq: number | undefined;
  /** Local and remote party (From/To without tags). */
  local: NameAddr;
  remote: NameAddr;
  /** Where in-dialog requests go: the peer's Contact URI, refreshed by re-INVITE/UPDATE. */
  remoteTarget: string;
  /** Route header values for in-dialog requests, in the order they are sent. */
  routeSet: string[];
  /** Our Contact for target-refresh requests. */
  localContact: string | undefined;
  secure: boolean;
  /** CSeq of the INVITE that created or last refreshed the session, needed for the 2xx ACK. */
  inviteSeq: number;
};

export const dialogKey = (id: DialogId): string => `${id.callId}|${id.localTag}|${id.remoteTag}`;

const withoutTag = (addr: NameAddr): NameAddr => {
  const { tag: _tag, ...params } = addr.params;
  return { ...addr, params };
};

const contactUri = (msg: SipRequest | SipResponse): string | undefined => {
  const [contact] = getContacts(msg);
  return contact ? serializeUri(contact.uri) : undefined;
};

/** UAC side, from a 1xx-with-tag or 2xx response to its INVITE (RFC 3261 §12.1.2). */
export function createUacDialog(request: SipRequest, response: SipResponse): Dialog {
  const from = getFrom(request);
  const to = getTo(response);
  return {
    id: { callId: getCallId(request), localTag: getTag(from) ?? '', remoteTag: getTag(to) ?? '' },
    role: 'uac',
    state: response.status >= 200 ? 'confirmed' : 'early',
    localSeq: getCSeq(request).seq,
    remoteSeq: undefined,
    local: withoutTag(from),
    remote: withoutTag(to),
    remoteTarget: contactUri(response) ?? request.uri,
    // The response's Record-Route, reversed, is the UAC's route set.
    routeSet: getHeaders(response, 'Record-Route').reverse(),
    localContact: getHeaders(request, 'Contact')[0],
    secure: request.uri.toLowerCase().startsWith('sips:'),
    inviteSeq: getCSeq(request).seq,
  };
}

/** UAS side, from the request and the (tagged) response it sends (RFC 3261 §12.1.1). */
export function createUasDialog(request: SipRequest, response: SipResponse): Dialog {
  const from = getFrom(request);
  const to = getTo(response);
  return {
    id: { callId: getCallId(request), localTag: getTag(to) ?? '', remoteTag: getTag(from) ?? '' },
    role: 'uas',
    state: response.status >= 200 ? 'confirmed' : 'early',
    localSeq: 0,
    remoteSeq: getCSeq(request).seq,
    local: withoutTag(to),
    remote: withoutTag(from),
    remoteTarget: contactUri(request) ?? '',
    routeSet: getHeaders(request, 'Record-Route'),
    localContact: getHeaders(response, 'Contact')[0],
    secure: request.uri.toLowerCase().startsWith('sips:'),
    inviteSeq: getCSeq(request).seq,
  };
}

export type InDialogCheck = { ok: true } | { ok: false; status: 500; reason: string };

/**
 * Applies an incoming in-dialog request (RFC 3261 §12.2.2): CSeq must not go backwards, target
 * refresh requests update the remote target, and BYE ends the dialog.
 */
export function receiveInDialogRequest(dialog: Dialog, request: SipRequest): InDialogCheck {
  if (request.method !== 'ACK' && request.method !== 'CANCEL') {
    const { seq } = getCSeq(request);
    if (dialog.remoteSeq !== undefined && seq <= dialog.remoteSeq) {
      return { ok: false, status: 500, reason: 'CSeq out of order' };
    }
    dialog.remoteSeq = seq;
  }
  if (request.method === 'INVITE' || request.method === 'UPDATE') {
    const target = contactUri(request);
    if (target) dialog.remoteTarget = target;
    if (request.method === 'INVITE') dialog.inviteSeq = getCSeq(request).seq;
  }
  if (request.method === 'BYE') dialog.state = 'terminated';
  return { ok: true };
}

/** Applies a response to a request this side sent in the dialog (2xx to re-INVITE/UPDATE refresh the target). */
export function receiveInDialogResponse(dialog: Dialog, request: SipRequest, response: SipResponse): void {
  if (response.status >= 200 && response.status < 300) {
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      const target = contactUri(response);
      if (target) dialog.remoteTarget = target;
    }
    if (dialog.state === 'early' && request.method === 'INVITE') dialog.state = 'confirmed';
  }
  // RFC 3261 §12.2.1.2: 481 and 408 to an in-dialog request end the dialog.
  if (response.status === 481 || response.status === 408 || request.method === 'BYE')
    dialog.state = 'terminated';
}
