import { checkQuoted, isToken, parseParams, quote, serializeParams, skipQuoted, unquote } from './lexical';
import { SipParseError } from './sip-parse-error';
import type { NameAddr, ParseMode } from './types';
import { parseUri, serializeUri } from './uri';

/**
 * Parses `( name-addr / addr-spec ) *( SEMI param )` as used by From, To, Contact, Route and
 * Record-Route. In the addr-spec form the URI ends at the first ';' (those parameters belong to the
 * header), which is why RFC 3261 §20 requires <> around URIs containing ',', ';' or '?'.
 */
export function parseNameAddr(value: string, mode: ParseMode, header?: string): NameAddr {
  const s = value.trim();
  if (s === '') throw new SipParseError('header-value', 'empty address', header);
  if (s.startsWith('"')) {
    const end = skipQuoted(s, 0, header);
    const raw = s.slice(0, end);
    if (mode === 'strict') checkQuoted(raw, header);
    const lt = end + (s.slice(end).length - s.slice(end).trimStart().length);
    if (s[lt] !== '<') throw new SipParseError('header-value', 'display name without <URI>', header);
    return bracketed(s, lt, unquote(raw), mode, header);
  }
  const lt = s.indexOf('<');
  const pre = lt < 0 ? '' : s.slice(0, lt);
  if (lt >= 0 && !/[:;"]/.test(pre)) {
    const words = pre.trim() === '' ? [] : pre.trim().split(/\s+/);
    if (mode === 'strict' && !words.every(isToken)) {
      throw new SipParseError('header-value', 'display name is neither tokens nor a quoted string', header);
    }
    return bracketed(s, lt, words.length > 0 ? words.join(' ') : undefined, mode, header);
  }
  const semi = s.indexOf(';');
  const uriText = (semi < 0 ? s : s.slice(0, semi)).trimEnd();
  if (mode === 'strict' && /[,?]/.test(uriText)) {
    throw new SipParseError('header-value', 'URI with "," or "?" must be enclosed in <>', header);
  }
  const uri = parseUri(uriText, mode);
  return { uri, params: semi < 0 ? {} : parseParams(s.slice(semi), mode, header) };
}

function bracketed(
  s: string,
  lt: number,
  displayName: string | undefined,
  mode: ParseMode,
  header?: string,
): NameAddr {
  const gt = s.indexOf('>', lt);
  if (gt < 0) throw new SipParseError('header-value', 'missing ">"', header);
  let inner = s.slice(lt + 1, gt);
  if (inner !== inner.trim()) {
    if (mode === 'strict') throw new SipParseError('header-value', 'whitespace inside <>', header);
    inner = inner.trim();
  }
  const result: NameAddr = { uri: parseUri(inner, mode), params: parseParams(s.slice(gt + 1), mode, header) };
  if (displayName !== undefined) result.displayName = displayName;
  return result;
}

export function serializeNameAddr(addr: NameAddr): string {
  const display = addr.displayName ? `${quote(addr.displayName)} ` : '';
  return `${display}<${serializeUri(addr.uri)}>${serializeParams(addr.params)}`;
}
