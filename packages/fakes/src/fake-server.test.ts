import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from './fake-server';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start() {
  const app = new Hono();
  app.post('/v1/send', async (c) => c.json({ id: 'p_1', echo: await c.req.json() }, 201));
  fake = await startFakeServer({ app });
  return fake;
}

describe('startFakeServer', () => {
  it('answers through the provider app and records the exact request', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/v1/send?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic abc' },
      body: JSON.stringify({ to: '+15550100' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'p_1', echo: { to: '+15550100' } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/send',
      query: { x: '1' },
      body: '{"to":"+15550100"}',
      headers: expect.objectContaining({ authorization: 'Basic abc' }),
    });
  });

  it('injects 429 with Retry-After for the next N requests, then recovers', async () => {
    const server = await start();
    server.inject({ kind: 'status', status: 429, retryAfterSeconds: 7 }, { times: 2 });
    const send = () => fetch(`${server.url}/v1/send`, { method: 'POST', body: '{}' });
    const first = await send();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(201);
  });

  it('injects a 5xx with a provider-shaped body on matching paths only', async () => {
    const server = await start();
    server.inject(
      { kind: 'status', status: 503, body: { code: 20500, message: 'down' } },
      { path: /^\/v1\/send$/ },
    );
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
    const failed = await fetch(`${server.url}/v1/send`, { method: 'POST', body: '{}' });
    expect(failed.status).toBe(503);
    expect(await failed.json()).toEqual({ code: 20500, message: 'down' });
  });

  it('adds latency before answering', async () => {
    const server = await start();
    server.inject({ kind: 'latency', ms: 200 });
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/send`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('hangs a request until the client gives up (timeout)', async () => {
    const server = await start();
    server.inject({ kind: 'timeout' });
    const attempt = fetch(`${server.url}/v1/send`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toThrow(/aborted|timeout/i);
  });

  it('resets the connection', async () => {
    const server = await start();
    server.inject({ kind: 'reset' });
    await expect(fetch(`${server.url}/v1/send`, { method: 'POST', body: '{}' })).rejects.toThrow(
      /fetch failed/,
    );
    expect((await fetch(`${server.url}/v1/send`, { method: 'POST', body: '{}' })).status).toBe(201);
  });
});
