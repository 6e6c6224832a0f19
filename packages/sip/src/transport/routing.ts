import { isIPv6 } from 'node:net';
import { getRoutes } from '../message/headers';
import { socketHost } from '../parser/host';
import type { SipRequest, SipUri, Via } from '../parser/types';
import { parseUri } from '../parser/uri';
import type { HostPort, TransportProtocol } from './types';

const defaultPort = (protocol: string): number => (protocol === 'tls' || protocol === 'wss' ? 5061 : 5060);
const sameHost = (a: string, b: string): boolean =>
  socketHost(a).toLowerCase() === socketHost(b).toLowerCase();

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: note where a request really came from in its top Via —
 * `received` when the source address differs from sent-by (always, when rport was asked for), and
 * the source port in an empty `rport`. Returns the updated Via.
 */
export function stampReceived(via: Via, source: HostPort): Via {
  const params = { ...via.params };
  const wantsRport = 'rport' in params && params.rport === null;
  if (wantsRport) params.rport = String(source.port);
  if (wantsRport || !sameHost(via.host, source.host)) params.received = socketHost(source.host);
  return { ...via, params };
}

/**
 * Where a response to a request with this top Via goes (RFC 3261 §18.2.2, RFC 3581 §4): back to
 * the source on the open connection for reliable transports, else to maddr, else to received (and
 * rport), else to sent-by.
 */
export function responseDestination(via: Via, source: HostPort, connectionOpen: boolean): HostPort {
  const transport = via.transport.toLowerCase();
  if (connectionOpen && transport !== 'udp') return source;
  // A new connection goes to the sent-by port (§18.2.2); rport is the source port of a datagram.
  const rport = via.params.rport && transport === 'udp' ? Number(via.params.rport) : undefined;
  if (via.params.maddr) return { host: via.params.maddr, port: via.port ?? defaultPort(transport) };
  if (via.params.received)
    return { host: via.params.received, port: rport ?? via.port ?? defaultPort(transport) };
  return { host: via.host, port: via.port ?? defaultPort(transport) };
}

export type RequestTarget = HostPort & { protocol?: TransportProtocol };

/**
 * Next hop for a request (RFC 3261 §8.1.2, without RFC 3263 DNS procedures): the first Route if
 * there is one, else the Request-URI; port and transport from the URI, sips implying TLS.
 */
export function requestDestination(request: SipRequest): RequestTarget {
  const [firstRoute] = getRoutes(request);
  const uri = firstRoute?.uri ?? parseUri(request.uri, 'lenient');
  if (uri.type !== 'sip') throw new Error(`cannot route to a ${uri.scheme}: URI`);
  return uriTarget(uri);
}

export function uriTarget(uri: SipUri): RequestTarget {
  const param = uri.params.transport?.toLowerCase();
  const protocol: TransportProtocol | undefined =
    param === 'udp' || param === 'tcp' || param === 'tls' || param === 'ws' || param === 'wss'
      ? param
      : uri.scheme === 'sips'
        ? 'tls'
        : undefined;
  const host = uri.params.maddr ?? uri.host;
  const target: RequestTarget = { host, port: uri.port ?? defaultPort(protocol ?? 'udp') };
  if (protocol) target.protocol = protocol;
  return target;
}

export const formatHost = (host: string): string => (isIPv6(host) ? `[${host}]` : host);
