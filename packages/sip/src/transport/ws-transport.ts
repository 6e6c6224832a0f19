import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIPv6 } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { socketHost } from '../parser/host';
import { boundAddress, createConnectionPool, listen } from './connection-pool';
import type { HostPort, MessageSink, Transport, TransportConfig } from './types';

/** RFC 7118 §4: the WebSocket subprotocol both ends must agree on. */
export const SIP_SUBPROTOCOL = 'sip';

/**
 * SIP over WebSocket (RFC 7118). Every WebSocket message carries exactly one SIP message, so no
 * stream framing is needed. Handshakes that don't offer the "sip" subprotocol are refused.
 */
export async function createWsTransport(config: TransportConfig, sink: MessageSink): Promise<Transport> {
  const secure = config.protocol === 'wss';
  const host = socketHost(config.host);
  let transport: Transport;

  const adopt = (socket: WebSocket, remote: HostPort) => {
    const release = pool.adopt(remote, socket);
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      sink(buf, remote, transport);
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', release);
  };

  const open = (remote: HostPort): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const h = socketHost(remote.host);
      const url = `${secure ? 'wss' : 'ws'}://${isIPv6(h) ? `[${h}]` : h}:${remote.port}`;
      const socket = new WebSocket(url, SIP_SUBPROTOCOL, {
        ca: config.tls?.ca,
        rejectUnauthorized: config.tls?.rejectUnauthorized ?? true,
      });
      socket.once('open', () => {
        socket.off('error', reject);
        adopt(socket, remote);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  const pool = createConnectionPool(open, (socket: WebSocket) => socket.terminate());

  const http: Server = secure
    ? createHttpsServer({ key: config.tls?.key, cert: config.tls?.cert })
    : createHttpServer();
  const wss = new WebSocketServer({
    server: http,
    handleProtocols: (protocols) => (protocols.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
  });
  wss.on('connection', (socket, request) => {
    // handleProtocols returning false still completes the handshake, just without a subprotocol.
    if (socket.protocol !== SIP_SUBPROTOCOL) {
      socket.close(1002, 'sip subprotocol required');
      return;
    }
    adopt(socket, { host: request.socket.remoteAddress ?? '', port: request.socket.remotePort ?? 0 });
  });
  await listen(http, config.port, host);

  transport = {
    protocol: config.protocol,
    viaTransport: secure ? 'WSS' : 'WS',
    reliable: true,
    address: () => boundAddress(http, { host, port: config.port }),
    async send(data, remote) {
      const socket = await pool.obtain(remote);
      await new Promise<void>((resolve, reject) =>
        socket.send(data, (err) => (err ? reject(err) : resolve())),
      );
    },
    hasConnection: (remote) => pool.has(remote),
    close: () =>
      new Promise<void>((resolve) => {
        pool.destroyAll();
        wss.close();
        http.close(() => resolve());
      }),
  };
  return transport;
}
