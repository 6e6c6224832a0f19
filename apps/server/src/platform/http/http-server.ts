import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

export type HttpServer = {
  url: string;
  port: number;
  inFlight(): number;
  /** Stops accepting, lets in-flight requests finish until the deadline, then cuts what is left. */
  close(options: { deadlineMs: number }): Promise<{ cut: number }>;
};

export async function startHttpServer(options: {
  fetch: (request: Request) => Response | Promise<Response>;
  host: string;
  port: number;
  /** Hooks more onto the Node server before it listens (the realtime WebSocket upgrade). */
  onServer?: (server: Server) => void;
}): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch: options.fetch }) as Server;
  options.onServer?.(server);
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  server.on('request', (_req, res) => {
    inFlight++;
    // While draining, tell keep-alive clients to reconnect elsewhere after this response.
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      if (closing) {
        server.closeIdleConnections();
        if (inFlight === 0) drained?.();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(options.host) ? 'localhost' : options.host;

  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    inFlight: () => inFlight,
    async close({ deadlineMs }) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, deadlineMs);
          }),
        ]);
        clearTimeout(timer);
      }
      const cut = inFlight;
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
