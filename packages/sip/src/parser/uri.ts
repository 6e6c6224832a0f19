import { isValidHost, splitHostPort } from './host';
import { SipParseError } from './sip-parse-error';
import type { AbsoluteUri, Params, ParseMode, SipUri, Uri } from './types';

const ESC = '%[0-9A-Fa-f]{2}';
const USER_RE = new RegExp(`^([A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESC})+$`);
const PASSWORD_RE = new RegExp(`^([A-Za-z0-9\\-_.!~*'()&=+$,]|${ESC})*$`);
const PARAM_RE = new RegExp(`^([A-Za-z0-9\\-_.!~*'()[\\]/:&+$]|${ESC})+$`);
const HEADER_RE = new RegExp(`^([A-Za-z0-9\\-_.!~*'()[\\]/?:+$]|${ESC})*$`);
const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+\-.]*):([\s\S]*)$/;

const fail = (msg: string, text: string): never => {
  throw new SipParseError('uri', `${msg}: ${JSON.stringify(text.slice(0, 80))}`);
};

/** Parses a URI. sip/sips URIs are broken into parts; any other scheme is kept opaque (RFC 3261 §19.1). */
export function parseUri(text: string, mode: ParseMode = 'strict'): Uri {
  const m = SCHEME_RE.exec(text);
  if (!m) return fail('missing URI scheme', text);
  const scheme = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  if (/[\s<>"]/.test(rest)) fail('illegal character in URI', text);
  if (scheme !== 'sip' && scheme !== 'sips') {
    if (rest === '') fail('empty URI', text);
    const uri: AbsoluteUri = { type: 'absolute', scheme, opaque: rest };
    return uri;
  }
  return parseSipParts(scheme, rest, text, mode);
}

function parseSipParts(scheme: 'sip' | 'sips', rest: string, text: string, mode: ParseMode): SipUri {
  // userinfo cannot contain an unescaped '@' and nothing after the host may contain one, so the
  // first '@' ends userinfo even when the user part holds ';' or '?' (RFC 4475 §3.1.1.2).
  const at = rest.indexOf('@');
  const uri: SipUri = { type: 'sip', scheme, host: '', params: {}, headers: {} };
  let hostPart = rest;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    hostPart = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (mode === 'strict' && !USER_RE.test(user)) fail('bad user part', text);
    if (user === '') fail('empty user part', text);
    uri.user = user;
    if (colon >= 0) {
      const password = userinfo.slice(colon + 1);
      if (mode === 'strict' && !PASSWORD_RE.test(password)) fail('bad password', text);
      uri.password = password;
    }
  }
  const q = hostPart.indexOf('?');
  const beforeHeaders = q < 0 ? hostPart : hostPart.slice(0, q);
  const semi = beforeHeaders.indexOf(';');
  const hostport = semi < 0 ? beforeHeaders : beforeHeaders.slice(0, semi);
  const hp = splitHostPort(hostport);
  if (!hp) return fail('bad host or port', text);
  if (mode === 'strict' && !isValidHost(hp.host)) fail('bad host', text);
  uri.host = hp.host;
  if (hp.port !== undefined) uri.port = hp.port;
  if (semi >= 0) uri.params = parseUriParams(beforeHeaders.slice(semi + 1), text, mode);
  if (q >= 0) {
    for (const pair of hostPart.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        if (mode === 'strict') fail('bad URI header', text);
        continue;
      }
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (mode === 'strict' && (!PARAM_RE.test(name) || !HEADER_RE.test(value))) fail('bad URI header', text);
      uri.headers[name] = value;
    }
  }
  return uri;
}

function parseUriParams(text: string, whole: string, mode: ParseMode): Params {
  const params: Params = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? null : part.slice(eq + 1);
    if (mode === 'strict' && (!PARAM_RE.test(name) || (value !== null && !PARAM_RE.test(value)))) {
      fail('bad URI parameter', whole);
    }
    if (name !== '') params[name.toLowerCase()] = value;
  }
  return params;
}

export function serializeUri(uri: Uri): string {
  if (uri.type === 'absolute') return `${uri.scheme}:${uri.opaque}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += '@';
  }
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  for (const [name, value] of Object.entries(uri.params))
    out += value === null ? `;${name}` : `;${name}=${value}`;
  const headers = Object.entries(uri.headers);
  if (headers.length > 0) out += `?${headers.map(([k, v]) => `${k}=${v}`).join('&')}`;
  return out;
}

/** Parses and insists on a sip/sips URI (Request-URIs of this stack's own requests, Contacts it targets). */
export function parseSipUri(text: string, mode: ParseMode = 'strict'): SipUri {
  const uri = parseUri(text, mode);
  if (uri.type !== 'sip') throw new SipParseError('uri', `not a SIP URI: ${text.slice(0, 80)}`);
  return uri;
}
