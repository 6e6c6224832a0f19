import { isIPv4, isIPv6 } from 'node:net';

const HOSTNAME_RE = /^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;

/** host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1); IPv6 must be bracketed. */
export function isValidHost(host: string): boolean {
  if (host.startsWith('[')) return host.endsWith(']') && isIPv6(host.slice(1, -1));
  return isIPv4(host) || HOSTNAME_RE.test(host);
}

/** Splits "host[:port]" including "[v6]:port"; returns undefined when the shape is wrong. */
export function splitHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(0, close + 1);
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
  }
  if (host === '') return undefined;
  if (rest === '') return { host };
  if (!/^:\d{1,5}$/.test(rest)) return undefined;
  const port = Number(rest.slice(1));
  if (port > 65535) return undefined;
  return { host, port };
}

/** The address form sockets want: brackets stripped from IPv6 references. */
export const socketHost = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** The form SIP wants in Via and URIs: IPv6 literals bracketed. */
export const sipHost = (host: string): string => (isIPv6(host) ? `[${host}]` : host);
