import { type ExtraHeaders, toHeaderList } from '../message/build';
import { parseNameAddr, serializeNameAddr } from '../parser/name-addr';
import type { NameAddr, SipHeader, SipRequest } from '../parser/types';
import { serializeUri } from '../parser/uri';
import type { Dialog } from './dialog';

export type InDialogOptions = {
  body?: Buffer | string;
  contentType?: string;
  headers?: ExtraHeaders;
};

/** Methods that refresh the remote target and so must carry our Contact (RFC 3261 §12.2.1.1). */
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

const tagged = (addr: NameAddr, tag: string): string =>
  serializeNameAddr({ ...addr, params: { ...addr.params, tag } });

/**
 * Builds a request inside a dialog (RFC 3261 §12.2.1.1). With a loose-routing first hop (lr) the
 * Request-URI is the remote target and the route set goes in Route; with a strict router the first
 * route becomes the Request-URI and the remote target is appended to Route. ACK reuses the INVITE's
 * CSeq number, every other method takes the next local CSeq.
 */
export function createInDialogRequest(
  dialog: Dialog,
  method: string,
  options: InDialogOptions = {},
): SipRequest {
  const seq = method === 'ACK' ? dialog.inviteSeq : ++dialog.localSeq;
  if (method === 'INVITE') dialog.inviteSeq = seq;
  let uri = dialog.remoteTarget;
  let routes = dialog.routeSet;
  const [first, ...rest] = dialog.routeSet;
  if (first !== undefined) {
    const firstRoute = parseNameAddr(first, 'lenient', 'Route');
    if (firstRoute.uri.type === 'sip' && !('lr' in firstRoute.uri.params)) {
      const { method: _m, ...params } = firstRoute.uri.params;
      uri = serializeUri({ ...firstRoute.uri, params, headers: {} });
      routes = [...rest, `<${dialog.remoteTarget}>`];
    }
  }
  const headers: SipHeader[] = [
    ...routes.map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: tagged(dialog.local, dialog.id.localTag) },
    { name: 'To', value: tagged(dialog.remote, dialog.id.remoteTag) },
    { name: 'Call-ID', value: dialog.id.callId },
    { name: 'CSeq', value: `${seq} ${method}` },
  ];
  if (TARGET_REFRESH.has(method) && dialog.localContact)
    headers.push({ name: 'Contact', value: dialog.localContact });
  headers.push(...toHeaderList(options.headers));
  const body =
    typeof options.body === 'string' ? Buffer.from(options.body) : (options.body ?? Buffer.alloc(0));
  if (body.length > 0 && options.contentType)
    headers.push({ name: 'Content-Type', value: options.contentType });
  return { kind: 'request', method, uri, version: 'SIP/2.0', headers, body };
}
