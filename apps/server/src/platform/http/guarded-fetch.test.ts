import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch } from './guarded-fetch';

/** The SSRF-guarded fetch of tenant URLs (Play audio, verb documents) against a loopback server. */
describe('guardedFetch', () => {
  const hits: string[] = [];
  let port: number;
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (req.url === '/hop') return res.writeHead(302, { location: '/doc' }).end();
    if (req.url === '/big') return res.writeHead(200).end(Buffer.alloc(4096));
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = { timeoutMs: 5000, maxBytes: 1024 };

  it('refuses loopback by address and by name, before connecting', async () => {
    const before = hits.length;
    for (const host of ['127.0.0.1', 'localhost']) {
      await expect(
        guardedFetch(`http://${host}:${port}/doc`, { ...base, allowPrivate: false }),
      ).rejects.toThrow(/private address/);
    }
    expect(hits.length).toBe(before);
  });

  it('fetches when private addresses are allowed: POST body, redirect to GET, headers', async () => {
    const posted = await guardedFetch(`http://127.0.0.1:${port}/doc`, {
      ...base,
      allowPrivate: true,
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted).toMatchObject({ status: 200, ok: true });
    expect(posted.body.toString()).toBe('got a=1');
    expect(posted.headers.get('content-type')).toBe('text/plain');
    const redirected = await guardedFetch(`http://localhost:${port}/hop`, { ...base, allowPrivate: true });
    expect(redirected.url).toBe(`http://localhost:${port}/doc`);
    expect(hits.slice(-2)).toEqual(['GET /hop', 'GET /doc']);
  });

  it('caps the answer size and refuses other schemes', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/big`, { ...base, allowPrivate: true }),
    ).rejects.toThrow(/larger than 1024/);
    await expect(guardedFetch('file:///etc/passwd', { ...base, allowPrivate: true })).rejects.toThrow(
      /scheme/,
    );
  });
});
