import { parseNameAddr, serializeNameAddr } from '../parser/name-addr';
import type { SipRequest } from '../parser/types';
import { type ExtraHeaders, toHeaderList } from './build';
import { createCallId, createTag } from './ids';

export type RequestOptions = {
  method: string;
  /** Request-URI. */
  uri: string;
  /** From as a URI or name-addr; a tag is added when it has none (RFC 3261 §8.1.1.3). */
  from: string;
  /** To as a URI or name-addr. */
  to: string;
  callId?: string;
  cseq?: number;
  /** Contact URI or name-addr; required for dialog-creating requests such as INVITE. */
  contact?: string;
  maxForwards?: number;
  headers?: ExtraHeaders;
  body?: Buffer | string;
  contentType?: string;
};

const asNameAddr = (text: string): string => serializeNameAddr(parseNameAddr(text, 'lenient'));

/**
 * Builds an out-of-dialog request. The top Via is not set here: the stack adds it when it knows the
 * transport the request leaves on.
 */
export function createRequest(options: RequestOptions): SipRequest {
  const from = parseNameAddr(options.from, 'lenient', 'From');
  if (from.params.tag === undefined || from.params.tag === null) from.params.tag = createTag();
  const headers = [
    { name: 'Max-Forwards', value: String(options.maxForwards ?? 70) },
    { name: 'From', value: serializeNameAddr(from) },
    { name: 'To', value: asNameAddr(options.to) },
    { name: 'Call-ID', value: options.callId ?? createCallId() },
    { name: 'CSeq', value: `${options.cseq ?? 1} ${options.method}` },
  ];
  if (options.contact) headers.push({ name: 'Contact', value: asNameAddr(options.contact) });
  headers.push(...toHeaderList(options.headers));
  const body =
    typeof options.body === 'string' ? Buffer.from(options.body) : (options.body ?? Buffer.alloc(0));
  if (body.length > 0 && options.contentType)
    headers.push({ name: 'Content-Type', value: options.contentType });
  return { kind: 'request', method: options.method, uri: options.uri, version: 'SIP/2.0', headers, body };
}
