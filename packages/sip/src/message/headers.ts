import { canonicalHeaderName } from '../parser/header-names';
import { parseCSeq } from '../parser/header-values';
import { parseNameAddr } from '../parser/name-addr';
import { SipParseError } from '../parser/sip-parse-error';
import type { CSeq, NameAddr, SipHeader, SipMessage, Via } from '../parser/types';
import { parseVia } from '../parser/via';

const same = (a: string, b: string): boolean => a === b || a.toLowerCase() === b.toLowerCase();

/** All values of a header, in message order; accepts compact or long names in any case. */
export function getHeaders(msg: SipMessage, name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return msg.headers.filter((h) => same(h.name, wanted)).map((h) => h.value);
}

export function getHeader(msg: SipMessage, name: string): string | undefined {
  return getHeaders(msg, name)[0];
}

export function removeHeaders(msg: SipMessage, name: string): void {
  const wanted = canonicalHeaderName(name);
  msg.headers = msg.headers.filter((h) => !same(h.name, wanted));
}

/** Replaces every value of the header with one value, at the position of the first one. */
export function setHeader(msg: SipMessage, name: string, value: string): void {
  const wanted = canonicalHeaderName(name);
  const index = msg.headers.findIndex((h) => same(h.name, wanted));
  removeHeaders(msg, wanted);
  const header: SipHeader = { name: wanted, value };
  if (index < 0) msg.headers.push(header);
  else msg.headers.splice(index, 0, header);
}

export function addHeader(
  msg: SipMessage,
  name: string,
  value: string,
  position: 'top' | 'bottom' = 'bottom',
): void {
  const header = { name: canonicalHeaderName(name), value };
  if (position === 'bottom') {
    msg.headers.push(header);
    return;
  }
  const index = msg.headers.findIndex((h) => same(h.name, header.name));
  msg.headers.splice(Math.max(index, 0), 0, header);
}

function required(msg: SipMessage, name: string): string {
  const value = getHeader(msg, name);
  if (value === undefined) throw new SipParseError('header-value', `missing ${name}`, name);
  return value;
}

export const getVias = (msg: SipMessage): Via[] => getHeaders(msg, 'Via').map((v) => parseVia(v, 'lenient'));
export const getTopVia = (msg: SipMessage): Via => parseVia(required(msg, 'Via'), 'lenient');
export const getCSeq = (msg: SipMessage): CSeq => parseCSeq(required(msg, 'CSeq'));
export const getCallId = (msg: SipMessage): string => required(msg, 'Call-ID');
export const getFrom = (msg: SipMessage): NameAddr => parseNameAddr(required(msg, 'From'), 'lenient', 'From');
export const getTo = (msg: SipMessage): NameAddr => parseNameAddr(required(msg, 'To'), 'lenient', 'To');

/** Contact values; the wildcard "*" (REGISTER removal) yields an empty list. */
export const getContacts = (msg: SipMessage): NameAddr[] =>
  getHeaders(msg, 'Contact')
    .filter((v) => v.trim() !== '*')
    .map((v) => parseNameAddr(v, 'lenient', 'Contact'));

export const getRoutes = (msg: SipMessage, name: 'Route' | 'Record-Route' = 'Route'): NameAddr[] =>
  getHeaders(msg, name).map((v) => parseNameAddr(v, 'lenient', name));

export function getTag(addr: NameAddr): string | undefined {
  const tag = addr.params.tag;
  return tag === null ? undefined : tag;
}

/** True when the message carries the headers needed to match and answer it (RFC 3261 §8.1.1). */
export function hasCoreHeaders(msg: SipMessage): boolean {
  try {
    getTopVia(msg);
    getFrom(msg);
    getTo(msg);
    getCSeq(msg);
    getCallId(msg);
    return true;
  } catch {
    return false;
  }
}

/** Replaces only the topmost Via (e.g. to add received/rport), keeping the others. */
export function replaceTopVia(msg: SipMessage, value: string): void {
  const index = msg.headers.findIndex((h) => h.name === 'Via');
  if (index < 0) msg.headers.unshift({ name: 'Via', value });
  else msg.headers[index] = { name: 'Via', value };
}
