import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postJson } from './post-json';
import { assertPublicUrl, isPrivateAddress } from './ssrf-guard';

describe('SSRF guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.1.2.3', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://localhost:3000/hook',
  ])('refuses %s at creation', async (url) => {
    await expect(assertPublicUrl(url, false)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses other schemes and embedded credentials', async () => {
    await expect(assertPublicUrl('ftp://example.com/x', false)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(assertPublicUrl('https://user:pw@example.com/x', true)).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('allows private addresses only when told to (development and tests)', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:9/hook', true)).resolves.toBeInstanceOf(URL);
  });

  it('refuses at delivery time a hostname that resolves to loopback, before any byte is sent', async () => {
    let reached = false;
    const server = createServer((_req, res) => {
      reached = true;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const refused = await postJson(
        new URL(`http://localhost:${port}/hook`),
        '{}',
        {},
        { allowPrivate: false, connectTimeoutMs: 2000, totalTimeoutMs: 3000 },
      );
      expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('private address') });
      expect(reached).toBe(false);
      const allowed = await postJson(
        new URL(`http://localhost:${port}/hook`),
        '{}',
        {},
        { allowPrivate: true, connectTimeoutMs: 2000, totalTimeoutMs: 3000 },
      );
      expect(allowed).toMatchObject({ ok: true, status: 200, body: 'ok' });
    } finally {
      server.close();
    }
  });

  it('gives up on a receiver that never answers at the total timeout', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await postJson(
        new URL(`http://127.0.0.1:${port}/`),
        '{}',
        {},
        { allowPrivate: true, connectTimeoutMs: 1000, totalTimeoutMs: 300 },
      );
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('no answer within 300 ms') });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
