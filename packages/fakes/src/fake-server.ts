import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';

/** What the next matching requests should suffer instead of (or before) the normal answer. */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; body?: unknown; retryAfterSeconds?: number }
  | { kind: 'timeout' }
  | { kind: 'reset' };

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  at: number;
};

export type FaultRule = { fault: Fault; times: number; pathPattern?: RegExp };

export type FakeServer = {
  url: string;
  /** Every request received, in order (including faulted ones). */
  requests: RecordedRequest[];
  /** Applies `fault` to the next `times` requests (matching `path` when given). */
  inject(fault: Fault, options?: { times?: number; path?: RegExp }): void;
  clearFaults(): void;
  close(): Promise<void>;
};

/**
 * The harness every provider fake stands on: a real HTTP server on loopback that records each
 * request and can inject latency, error statuses (429 with Retry-After, 5xx), hung requests and
 * connection resets — the failures adapters must survive.
 */
export async function startFakeServer(options: {
  app: Hono;
  host?: string;
  port?: number;
}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let rules: FaultRule[] = [];
  const hung = new Set<() => void>();

  const root = new Hono();
  root.use(async (c, next) => {
    const body = await c.req.raw.clone().text();
    requests.push({
      method: c.req.method,
      path: c.req.path,
      query: c.req.query(),
      headers: Object.fromEntries(c.req.raw.headers),
      body,
      at: Date.now(),
    });
    const rule = rules.find((r) => r.times > 0 && (!r.pathPattern || r.pathPattern.test(c.req.path)));
    if (!rule) return next();
    rule.times--;
    const { fault } = rule;
    switch (fault.kind) {
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return next();
      case 'status': {
        const headers: Record<string, string> = fault.retryAfterSeconds
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : {};
        return c.json(
          (fault.body ?? { error: `injected ${fault.status}` }) as object,
          fault.status as 500,
          headers,
        );
      }
      case 'timeout':
        // Never answer; released when the server closes.
        await new Promise<void>((resolve) => hung.add(resolve));
        return c.body(null, 504);
      case 'reset':
        (c.env as { incoming: { socket: { destroy(): void } } }).incoming.socket.destroy();
        return c.body(null, 500);
    }
  });
  root.route('/', options.app);

  const server = createAdaptorServer({ fetch: root.fetch }) as Server;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    requests,
    inject(fault, injectOptions = {}) {
      rules.push({ fault, times: injectOptions.times ?? 1, pathPattern: injectOptions.path });
    },
    clearFaults() {
      rules = [];
    },
    async close() {
      for (const release of hung) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
