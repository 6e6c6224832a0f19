import {
  checkCallId,
  checkContentType,
  checkDate,
  checkWarning,
  parseCSeq,
  parseDeltaSeconds,
} from './header-values';
import { parseBoundedInt } from './lexical';
import { parseNameAddr } from './name-addr';
import { SipParseError } from './sip-parse-error';
import type { SipHeader, SipMessage } from './types';
import { parseVia } from './via';

type Check = (value: string) => void;

const nameAddr: Check = (v) => void parseNameAddr(v, 'strict');

/** Strict-mode checks of the headers whose grammar this stack knows; unknown headers are opaque. */
const CHECKS: Record<string, Check> = {
  Via: (v) => void parseVia(v, 'strict'),
  From: nameAddr,
  To: nameAddr,
  Route: nameAddr,
  'Record-Route': nameAddr,
  Contact: (v) => {
    if (v.trim() !== '*') nameAddr(v);
  },
  'Reply-To': nameAddr,
  CSeq: (v) => void parseCSeq(v),
  'Call-ID': checkCallId,
  'Max-Forwards': (v) => void parseBoundedInt(v, 255, 'Max-Forwards', 'Max-Forwards'),
  'Content-Length': (v) => void parseBoundedInt(v, 2 ** 32 - 1, 'Content-Length', 'Content-Length'),
  Expires: (v) => void parseDeltaSeconds(v, 'Expires', 'strict'),
  'Min-Expires': (v) => void parseDeltaSeconds(v, 'Min-Expires', 'strict'),
  'Retry-After': (v) => void parseDeltaSeconds(v, 'Retry-After', 'strict'),
  Date: checkDate,
  Warning: checkWarning,
  'Content-Type': (v) => checkContentType(v, 'strict'),
};

const SINGLE = ['From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'];

export function validateMessage(msg: SipMessage): void {
  for (const header of msg.headers) checkHeader(header);
  for (const name of SINGLE) {
    if (msg.headers.filter((h) => h.name === name).length > 1) {
      throw new SipParseError('header-value', `more than one ${name}`, name);
    }
  }
  if (msg.kind === 'request') {
    const cseq = msg.headers.find((h) => h.name === 'CSeq');
    // RFC 3261 §8.1.1.5 / RFC 4475 §3.1.2.17: the CSeq method must match the request method.
    if (cseq && parseCSeq(cseq.value).method !== msg.method) {
      throw new SipParseError('mismatch', 'CSeq method does not match the request method', 'CSeq');
    }
  }
}

function checkHeader(header: SipHeader): void {
  const check = CHECKS[header.name];
  if (!check) return;
  try {
    check(header.value);
  } catch (err) {
    if (err instanceof SipParseError && err.header === undefined) {
      throw new SipParseError(err.code, err.message, header.name);
    }
    throw err;
  }
}
