import {
  createServer as createNetServer,
  isIP,
  connect as netConnect,
  type Server,
  type Socket,
} from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { socketHost } from '../parser/host';
import { createStreamFramer } from '../parser/stream-framer';
import { boundAddress, createConnectionPool, listen } from './connection-pool';
import type { HostPort, MessageSink, Transport, TransportConfig } from './types';

const CRLF = Buffer.from('\r\n');

/**
 * TCP and TLS transports. Messages are delimited by Content-Length (RFC 3261 §18.3); connections are
 * kept per remote address and reused for both directions, so responses go back on the connection
 * the request came in on (§18.2.2). A framing error closes the connection: the byte stream can no
 * longer be trusted to be in sync.
 */
export async function createStreamTransport(config: TransportConfig, sink: MessageSink): Promise<Transport> {
  const secure = config.protocol === 'tls';
  const host = socketHost(config.host);
  let transport: Transport;

  const adopt = (socket: Socket, remote: HostPort) => {
    const release = pool.adopt(remote, socket);
    const framer = createStreamFramer();
    socket.on('data', (chunk: Buffer) => {
      try {
        const { messages, pings } = framer.push(chunk);
        // RFC 5626 §4.4.1: each double-CRLF ping is answered with a single-CRLF pong.
        for (let i = 0; i < pings; i++) socket.write(CRLF);
        for (const message of messages) sink(message, remote, transport);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', release);
  };

  const open = (remote: HostPort): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const target = { host: socketHost(remote.host), port: remote.port };
      const socket = secure
        ? tlsConnect({
            ...target,
            ca: config.tls?.ca,
            rejectUnauthorized: config.tls?.rejectUnauthorized ?? true,
            servername: isIP(target.host) ? undefined : target.host,
          })
        : netConnect(target);
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        adopt(socket, remote);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  const pool = createConnectionPool(open, (socket: Socket) => socket.destroy());

  const onAccept = (socket: Socket) =>
    adopt(socket, { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 });
  const server: Server = secure
    ? createTlsServer({ key: config.tls?.key, cert: config.tls?.cert }, onAccept)
    : createNetServer(onAccept);
  await listen(server, config.port, host);

  transport = {
    protocol: config.protocol,
    viaTransport: secure ? 'TLS' : 'TCP',
    reliable: true,
    address: () => boundAddress(server, { host, port: config.port }),
    async send(data, remote) {
      const socket = await pool.obtain(remote);
      await new Promise<void>((resolve, reject) =>
        socket.write(data, (err) => (err ? reject(err) : resolve())),
      );
    },
    hasConnection: (remote) => pool.has(remote),
    close: () =>
      new Promise<void>((resolve) => {
        pool.destroyAll();
        server.close(() => resolve());
      }),
  };
  return transport;
}
