import { isValidHost, splitHostPort } from './host';
import { isToken, parseParams, serializeParams } from './lexical';
import { SipParseError } from './sip-parse-error';
import type { ParseMode, Via } from './types';

// sent-protocol = protocol-name SLASH protocol-version SLASH transport, where SLASH may carry LWS.
const SENT_PROTOCOL_RE = /^\s*([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/]+)\s+([^;]+)/;

/** Parses one via-parm (callers split the comma list first). */
export function parseVia(value: string, mode: ParseMode): Via {
  const m = SENT_PROTOCOL_RE.exec(value);
  if (!m) throw new SipParseError('header-value', 'bad Via sent-protocol', 'Via');
  const [all, name = '', version = '', transport = '', sentByRaw = ''] = m;
  if (mode === 'strict' && (!isToken(name) || !isToken(version) || !isToken(transport))) {
    throw new SipParseError('header-value', 'bad Via sent-protocol', 'Via');
  }
  const sentBy = sentByRaw.trim();
  const hp = splitHostPort(sentBy.replace(/\s*:\s*/, ':'));
  if (!hp || (mode === 'strict' && !isValidHost(hp.host))) {
    throw new SipParseError('header-value', `bad Via sent-by "${sentBy}"`, 'Via');
  }
  const params = parseParams(value.slice(all.length), mode, 'Via');
  if (mode === 'strict') checkViaParams(params);
  const via: Via = {
    protocol: `${name}/${version}`,
    transport: transport.toUpperCase(),
    host: hp.host,
    params,
  };
  if (hp.port !== undefined) via.port = hp.port;
  return via;
}

function checkViaParams(params: Via['params']): void {
  const { ttl, rport, received, branch } = params;
  if (ttl !== undefined && (ttl === null || !/^\d{1,3}$/.test(ttl) || Number(ttl) > 255)) {
    throw new SipParseError('header-value', 'bad Via ttl', 'Via');
  }
  if (rport !== undefined && rport !== null && (!/^\d{1,5}$/.test(rport) || Number(rport) > 65535)) {
    throw new SipParseError('header-value', 'bad Via rport', 'Via');
  }
  if (received !== undefined && (received === null || !isValidHost(bracketIfV6(received)))) {
    throw new SipParseError('header-value', 'bad Via received', 'Via');
  }
  if (branch !== undefined && (branch === null || !isToken(branch))) {
    throw new SipParseError('header-value', 'bad Via branch', 'Via');
  }
}

const bracketIfV6 = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export function serializeVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `${via.protocol}/${via.transport} ${via.host}${port}${serializeParams(via.params)}`;
}
