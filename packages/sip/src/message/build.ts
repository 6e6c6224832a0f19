import { parseCSeq } from '../parser/header-values';
import type { SipHeader, SipRequest, SipResponse } from '../parser/types';
import { getHeader, getHeaders, getTo, setHeader } from './headers';
import { createTag } from './ids';

/** Reason phrases from RFC 3261 §21 and the common extensions, used when none is given. */
const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'Version Not Supported',
  603: 'Decline',
};

export const defaultReason = (status: number): string => REASONS[status] ?? 'Unknown';

export type ExtraHeaders = Record<string, string | string[]> | SipHeader[];

export function toHeaderList(extra: ExtraHeaders | undefined): SipHeader[] {
  if (!extra) return [];
  if (Array.isArray(extra)) return extra;
  return Object.entries(extra).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })),
  );
}

/**
 * Builds a response per RFC 3261 §8.2.6: Via, From, Call-ID and CSeq copied, To copied and given a
 * tag when the request had none (except for 100 Trying, which must not invent one), and Record-Route
 * reflected in 18x/2xx responses to INVITE-type requests so the UAC learns the route set (§12.1.1).
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  extraHeaders?: ExtraHeaders,
  body?: Buffer | string,
): SipResponse {
  const headers: SipHeader[] = [];
  for (const value of getHeaders(request, 'Via')) headers.push({ name: 'Via', value });
  const from = getHeader(request, 'From');
  if (from !== undefined) headers.push({ name: 'From', value: from });
  const to = getHeader(request, 'To');
  if (to !== undefined) {
    const needsTag = status > 100 && getTo(request).params.tag === undefined;
    headers.push({ name: 'To', value: needsTag ? `${to};tag=${createTag()}` : to });
  }
  for (const name of ['Call-ID', 'CSeq']) {
    const value = getHeader(request, name);
    if (value !== undefined) headers.push({ name, value });
  }
  if (status > 100 && status < 300) {
    for (const value of getHeaders(request, 'Record-Route')) headers.push({ name: 'Record-Route', value });
  }
  if (status === 100) {
    const timestamp = getHeader(request, 'Timestamp');
    if (timestamp !== undefined) headers.push({ name: 'Timestamp', value: timestamp });
  }
  const response: SipResponse = {
    kind: 'response',
    version: 'SIP/2.0',
    status,
    reason: reason ?? defaultReason(status),
    headers: [...headers, ...toHeaderList(extraHeaders)],
    body: typeof body === 'string' ? Buffer.from(body) : (body ?? Buffer.alloc(0)),
  };
  return response;
}

/** ACK for a non-2xx final response, built by the INVITE client transaction (RFC 3261 §17.1.1.3). */
export function createNon2xxAck(request: SipRequest, response: SipResponse): SipRequest {
  const seq = parseCSeq(getHeader(request, 'CSeq') ?? '').seq;
  const ack: SipRequest = {
    kind: 'request',
    method: 'ACK',
    uri: request.uri,
    version: 'SIP/2.0',
    headers: [],
    body: Buffer.alloc(0),
  };
  const topVia = getHeader(request, 'Via');
  if (topVia !== undefined) ack.headers.push({ name: 'Via', value: topVia });
  ack.headers.push({ name: 'Max-Forwards', value: '70' });
  for (const value of getHeaders(request, 'Route')) ack.headers.push({ name: 'Route', value });
  setHeader(ack, 'From', getHeader(request, 'From') ?? '');
  setHeader(ack, 'To', getHeader(response, 'To') ?? '');
  setHeader(ack, 'Call-ID', getHeader(request, 'Call-ID') ?? '');
  setHeader(ack, 'CSeq', `${seq} ACK`);
  return ack;
}

export function cloneMessage<T extends SipRequest | SipResponse>(msg: T): T {
  return { ...msg, headers: msg.headers.map((h) => ({ ...h })), body: Buffer.from(msg.body) };
}
