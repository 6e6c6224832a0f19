import { checkQuoted, isToken, parseBoundedInt, parseParams } from './lexical';
import { SipParseError } from './sip-parse-error';
import type { CSeq, ParseMode } from './types';

export const MAX_UINT32 = 2 ** 32 - 1;

export function parseCSeq(value: string): CSeq {
  const m = /^(\S+)\s+(\S+)$/.exec(value.trim());
  if (!m) throw new SipParseError('header-value', 'CSeq must be "number method"', 'CSeq');
  const method = m[2] ?? '';
  if (!isToken(method)) throw new SipParseError('header-value', 'bad CSeq method', 'CSeq');
  // RFC 3261 §8.1.1.5: a 32-bit unsigned integer (RFC 4475 §3.1.2.4 overflows it).
  return { seq: parseBoundedInt(m[1] ?? '', MAX_UINT32, 'CSeq number', 'CSeq'), method };
}

const WORD = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+$/;

export function checkCallId(value: string): void {
  const parts = value.split('@');
  if (parts.length > 2 || !parts.every((p) => WORD.test(p))) {
    throw new SipParseError('header-value', 'bad Call-ID', 'Call-ID');
  }
}

/** delta-seconds with optional comment and params (Expires, Retry-After, Min-Expires). */
export function parseDeltaSeconds(value: string, header: string, mode: ParseMode): number {
  const m = /^(\d+)\s*(\([^)]*\))?\s*(;.*)?$/s.exec(value.trim());
  if (!m) throw new SipParseError('header-value', `bad ${header}`, header);
  if (m[3]) parseParams(m[3], mode, header);
  return parseBoundedInt(m[1] ?? '', MAX_UINT32, header, header);
}

const DATE_RE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** RFC 3261 §20.17: rfc1123-date, and the time zone must be GMT (RFC 4475 §3.1.2.12). */
export function checkDate(value: string): void {
  if (!DATE_RE.test(value.trim())) throw new SipParseError('header-value', 'bad Date', 'Date');
}

/** warning-value = warn-code SP warn-agent SP warn-text, with a three-digit code. */
export function checkWarning(value: string): void {
  const m = /^(\d{3}) (\S+) ("[\s\S]*")$/.exec(value.trim());
  if (!m) throw new SipParseError('header-value', 'bad Warning', 'Warning');
  checkQuoted(m[3] ?? '', 'Warning');
}

export function checkContentType(value: string, mode: ParseMode): void {
  const m = /^([^\s/;]+)\s*\/\s*([^\s;]+)\s*(;.*)?$/s.exec(value.trim());
  if (!m || !isToken(m[1] ?? '') || !isToken(m[2] ?? '')) {
    throw new SipParseError('header-value', 'bad Content-Type', 'Content-Type');
  }
  if (m[3]) parseParams(m[3], mode, 'Content-Type');
}
