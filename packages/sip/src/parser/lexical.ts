import { SipParseError } from './sip-parse-error';
import type { Params, ParseMode } from './types';

/** RFC 3261 §25.1 token characters. */
export const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const WS = new Set([' ', '\t', '\r', '\n']);

export const isToken = (s: string): boolean => TOKEN_RE.test(s);
export const isWs = (c: string | undefined): boolean => c !== undefined && WS.has(c);

/** Index just past a quoted string starting at `start` (which must be a DQUOTE), honouring quoted-pairs. */
export function skipQuoted(s: string, start: number, header?: string): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  throw new SipParseError('header-value', 'unterminated quoted string', header);
}

/**
 * Checks a quoted string (with its quotes) against qdtext / quoted-pair: raw control characters are
 * only allowed when escaped, and a backslash may not escape CR or LF.
 */
export function checkQuoted(raw: string, header?: string): void {
  for (let i = 1; i < raw.length - 1; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x5c) {
      const next = raw.charCodeAt(i + 1);
      if (next === 0x0a || next === 0x0d || i + 1 >= raw.length - 1) {
        throw new SipParseError('header-value', 'bad quoted-pair', header);
      }
      i++;
    } else if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      throw new SipParseError('header-value', 'control character in quoted string', header);
    }
  }
}

/** Removes the surrounding quotes and resolves quoted-pairs. */
export function unquote(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return raw;
  return raw.slice(1, -1).replace(/\\([\s\S])/g, '$1');
}

export function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Splits a header value on `sep` at top level: never inside a quoted string or between angle
 * brackets, which is what keeps `"Bell, A." <sip:a@b>, <sip:c@d>` two values, not three.
 */
export function splitTopLevel(value: string, sep: string, header?: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '"') {
      i = skipQuoted(value, i, header);
      continue;
    }
    if (c === '<') depth++;
    else if (c === '>' && depth > 0) depth--;
    else if (c === sep && depth === 0) {
      parts.push(value.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  parts.push(value.slice(from));
  return parts;
}

/**
 * Parses `*( SEMI generic-param )` where SEMI and EQUAL may carry LWS (RFC 3261 §25.1). Values keep
 * their quotes so a header rebuilt from the parsed form says exactly what the peer said.
 */
export function parseParams(input: string, mode: ParseMode, header?: string): Params {
  const params: Params = {};
  const parts = splitTopLevel(input, ';', header);
  const first = parts.shift() ?? '';
  if (first.trim() !== '')
    throw new SipParseError('header-value', `unexpected text "${first.trim()}"`, header);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name === '') {
      if (mode === 'lenient') continue;
      throw new SipParseError('header-value', 'empty parameter', header);
    }
    if (!isToken(name)) throw new SipParseError('header-value', `bad parameter name "${name}"`, header);
    if (eq < 0) {
      params[name.toLowerCase()] = null;
      continue;
    }
    const value = part.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      if (skipQuoted(value, 0, header) !== value.length) {
        throw new SipParseError('header-value', 'text after quoted parameter', header);
      }
      if (mode === 'strict') checkQuoted(value, header);
    } else if (value === '' || !/^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/.test(value)) {
      if (mode === 'strict')
        throw new SipParseError('header-value', `bad value for parameter ${name}`, header);
    }
    params[name.toLowerCase()] = value;
  }
  return params;
}

export function serializeParams(params: Params): string {
  let out = '';
  for (const [name, value] of Object.entries(params))
    out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Parses an unsigned decimal that must fit `max`; leading zeros are legal (RFC 4475 §3.1.1.1). */
export function parseBoundedInt(raw: string, max: number, what: string, header?: string): number {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) throw new SipParseError('header-value', `${what} is not a number`, header);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n > max)
    throw new SipParseError('header-value', `${what} too large`, header);
  return n;
}
