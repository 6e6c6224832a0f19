import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { socketHost } from '../parser/host';
import type { HostPort, MessageSink, Transport, TransportConfig } from './types';

/** Datagrams of only whitespace are keep-alives (RFC 5626 §4.4.1 uses CRLF on UDP too): ignored. */
const isKeepAlive = (data: Buffer): boolean => data.every((b) => b === 0x0d || b === 0x0a || b === 0x20);

export async function createUdpTransport(config: TransportConfig, sink: MessageSink): Promise<Transport> {
  const host = socketHost(config.host);
  const socket: Socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(config.port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A send error or ICMP unreachable surfaces here; it must not take the listener down.
  socket.on('error', () => {});
  const transport: Transport = {
    protocol: 'udp',
    viaTransport: 'UDP',
    reliable: false,
    address: () => {
      const a = socket.address();
      return { host: a.address, port: a.port };
    },
    send: (data: Buffer, remote: HostPort) =>
      new Promise<void>((resolve, reject) => {
        socket.send(data, remote.port, socketHost(remote.host), (err) => (err ? reject(err) : resolve()));
      }),
    hasConnection: () => true,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (data, rinfo) => {
    if (isKeepAlive(data)) return;
    sink(data, { host: rinfo.address, port: rinfo.port }, transport);
  });
  return transport;
}
