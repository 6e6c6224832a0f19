import { canonicalHeaderName, isListHeader } from './header-names';
import { isToken, splitTopLevel } from './lexical';
import { SipParseError } from './sip-parse-error';
import type { ParseMode, SipHeader, SipMessage } from './types';
import { parseUri } from './uri';
import { validateMessage } from './validate';

export type ParseOptions = {
  /** strict: RFC 3261 grammar, rejects everything RFC 4475 §3.1.2 calls invalid. lenient: best effort. */
  mode?: ParseMode;
};

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');
/** Reason-Phrase allows HTAB but no other control characters. */
const hasControlChars = (text: string): boolean =>
  [...text].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && code !== 0x09) || code === 0x7f;
  });

/**
 * Parses one SIP message from a datagram or from exactly the bytes a stream framer delimited.
 * Only SipParseError ever escapes: any other failure is converted, so callers can drop or answer 400.
 */
export function parseMessage(input: Uint8Array | string, options: ParseOptions = {}): SipMessage {
  const mode = options.mode ?? 'strict';
  try {
    const msg = parseUnchecked(typeof input === 'string' ? Buffer.from(input) : Buffer.from(input), mode);
    if (mode === 'strict') validateMessage(msg);
    return msg;
  } catch (err) {
    if (err instanceof SipParseError) throw err;
    throw new SipParseError('header-value', `unparseable message: ${(err as Error).message}`);
  }
}

function parseUnchecked(buf: Buffer, mode: ParseMode): SipMessage {
  let start = 0;
  // RFC 3261 §7.5: CRLFs before the start line (e.g. keepalives) are ignored.
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start >= buf.length) throw new SipParseError('empty', 'empty message');
  let headEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart = headEnd + 4;
  if (mode === 'lenient') {
    const lf = buf.indexOf(LFLF, start);
    if (lf >= 0 && (headEnd < 0 || lf < headEnd)) {
      headEnd = lf;
      bodyStart = lf + 2;
    }
    if (headEnd < 0) headEnd = bodyStart = buf.length;
  }
  if (headEnd < 0) throw new SipParseError('framing', 'no empty line after the headers');
  const head = buf.toString('utf8', start, headEnd);
  if (mode === 'strict' && /\r(?!\n)|(?<!\r)\n/.test(head)) {
    throw new SipParseError('header-line', 'line not terminated by CRLF');
  }
  const lines = unfold(head.split(/\r?\n/), mode);
  const first = lines.shift() ?? '';
  const headers = parseHeaderLines(lines, mode);
  const body = readBody(buf, bodyStart, headers, mode);
  return parseStartLine(first, headers, body, mode);
}

/** Joins continuation lines (starting with SP/HTAB) to their header, replacing the fold with one SP. */
function unfold(lines: string[], mode: ParseMode): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (out.length <= 1) {
        if (mode === 'strict' || out.length === 0)
          throw new SipParseError('header-line', 'continuation without a header');
        continue;
      }
      out[out.length - 1] = `${(out[out.length - 1] ?? '').trimEnd()} ${line.trim()}`;
    } else out.push(line);
  }
  return out;
}

function parseHeaderLines(lines: string[], mode: ParseMode): SipHeader[] {
  const headers: SipHeader[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const rawName = colon < 0 ? '' : line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!isToken(rawName)) {
      if (mode === 'lenient') continue;
      throw new SipParseError('header-line', `malformed header line: ${JSON.stringify(line.slice(0, 60))}`);
    }
    const name = canonicalHeaderName(rawName);
    const value = line.slice(colon + 1).trim();
    if (!isListHeader(name) || value === '') {
      headers.push({ name, value });
      continue;
    }
    for (const part of splitTopLevel(value, ',', name)) {
      const v = part.trim();
      if (v === '') {
        if (mode === 'lenient') continue;
        throw new SipParseError('header-value', 'empty list element', name);
      }
      headers.push({ name, value: v });
    }
  }
  return headers;
}

function readBody(buf: Buffer, bodyStart: number, headers: SipHeader[], mode: ParseMode): Buffer {
  const lengths = headers.filter((h) => h.name === 'Content-Length').map((h) => h.value);
  const available = Math.max(0, buf.length - bodyStart);
  if (lengths.length === 0) return Buffer.from(buf.subarray(bodyStart));
  if (mode === 'strict' && new Set(lengths).size > 1) {
    throw new SipParseError('content-length', 'conflicting Content-Length values', 'Content-Length');
  }
  const raw = lengths[0] ?? '';
  if (!/^\d+$/.test(raw))
    throw new SipParseError('content-length', 'Content-Length is not a number', 'Content-Length');
  const length = Number(raw);
  if (length > available) {
    throw new SipParseError('content-length', 'Content-Length larger than the message', 'Content-Length');
  }
  // RFC 3261 §18.3: octets past Content-Length in a datagram are discarded.
  return Buffer.from(buf.subarray(bodyStart, bodyStart + length));
}

function parseStartLine(line: string, headers: SipHeader[], body: Buffer, mode: ParseMode): SipMessage {
  if (/^SIP\//i.test(line)) {
    const m = (
      mode === 'strict' ? /^(SIP\/\d+\.\d+) (\d+) (.*)$/ : /^(SIP\/\d+\.\d+)\s+(\d+)(?:\s+(.*))?$/i
    ).exec(line);
    if (!m) throw new SipParseError('start-line', 'malformed status line');
    const [, version = '', code = '', reason = ''] = m;
    checkVersion(version, mode);
    if (!/^[1-6]\d\d$/.test(code))
      throw new SipParseError('status-code', `bad status code ${code.slice(0, 12)}`);
    if (mode === 'strict' && hasControlChars(reason))
      throw new SipParseError('start-line', 'bad reason phrase');
    return { kind: 'response', version: version.toUpperCase(), status: Number(code), reason, headers, body };
  }
  const parts = mode === 'strict' ? line.split(' ') : line.trim().split(/\s+/);
  if (parts.length !== 3)
    throw new SipParseError('start-line', 'request line must be "Method SP Request-URI SP SIP-Version"');
  const [method = '', uri = '', version = ''] = parts;
  if (!isToken(method)) throw new SipParseError('start-line', 'bad method');
  if (!/^SIP\/\d+\.\d+$/i.test(version)) throw new SipParseError('version', 'bad SIP version');
  checkVersion(version, mode);
  const parsed = parseUri(uri, mode);
  if (mode === 'strict' && parsed.type === 'sip' && Object.keys(parsed.headers).length > 0) {
    // RFC 3261 §19.1.1 table: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
    throw new SipParseError('uri', 'headers are not allowed in the Request-URI');
  }
  return { kind: 'request', version: version.toUpperCase(), method, uri, headers, body };
}

function checkVersion(version: string, mode: ParseMode): void {
  if (mode === 'strict' && version !== 'SIP/2.0')
    throw new SipParseError('version', `unsupported version ${version}`);
}
