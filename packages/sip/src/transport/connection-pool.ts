import type { Server } from 'node:net';
import { connectionKey, type HostPort } from './types';

export type ConnectionPool<C> = {
  /** Registers a connection to `remote`; call the returned function when it closes. */
  adopt(remote: HostPort, connection: C): () => void;
  /** The open connection to `remote`, or a new one (concurrent callers share one attempt). */
  obtain(remote: HostPort): Promise<C>;
  has(remote: HostPort): boolean;
  destroyAll(): void;
};

/**
 * Connections of a connection-oriented transport, one per remote address and used in both
 * directions, so that responses and in-dialog requests find the connection a peer opened.
 */
export function createConnectionPool<C>(
  open: (remote: HostPort) => Promise<C>,
  destroy: (connection: C) => void,
): ConnectionPool<C> {
  const connections = new Map<string, C>();
  const connecting = new Map<string, Promise<C>>();
  return {
    adopt(remote, connection) {
      const key = connectionKey(remote);
      connections.set(key, connection);
      return () => {
        if (connections.get(key) === connection) connections.delete(key);
      };
    },
    obtain(remote) {
      const key = connectionKey(remote);
      const existing = connections.get(key);
      if (existing) return Promise.resolve(existing);
      const pending = connecting.get(key) ?? open(remote).finally(() => connecting.delete(key));
      connecting.set(key, pending);
      return pending;
    },
    has: (remote) => connections.has(connectionKey(remote)),
    destroyAll() {
      for (const connection of connections.values()) destroy(connection);
      connections.clear();
    },
  };
}

/** Listens on exactly host:port, rejecting on bind errors; later server errors are not fatal. */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
}

export function boundAddress(server: Server, fallback: HostPort): HostPort {
  const a = server.address();
  return typeof a === 'object' && a ? { host: a.address, port: a.port } : fallback;
}
