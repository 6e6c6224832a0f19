import { type FakeServer, startFakeServer } from '@iris/fakes';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from './channel';
import { fetchProviderMedia, isKeptMediaType, normalizeContentType } from './provider-media';

describe('fetching inbound media for an adapter', () => {
  let api: FakeServer;
  let cdn: FakeServer;

  beforeAll(async () => {
    cdn = await startFakeServer({
      app: new Hono()
        .get('/signed/pic.png', (c) =>
          c.body(new Uint8Array([1, 2, 3]), 200, { 'content-type': 'image/png' }),
        )
        .get('/big-declared', (c) => c.body(new Uint8Array(20), 200, { 'content-type': 'image/png' }))
        .get('/big-streamed', (c) =>
          stream(c, async (out) => {
            c.header('content-type', 'video/mp4');
            for (let i = 0; i < 4; i++) await out.write(new Uint8Array(8));
          }),
        ),
    });
    api = await startFakeServer({
      app: new Hono()
        .get('/media/1', (c) =>
          c.req.header('authorization') === 'Basic secret'
            ? c.body(new Uint8Array([9, 9]), 200, { 'content-type': 'image/jpeg; name=a.jpg' })
            : c.text('unauthorized', 401),
        )
        .get('/media/moved', (c) => c.redirect(`${cdn.url}/signed/pic.png`, 307))
        .get('/media/gone', (c) => c.text('gone', 404)),
    });
  });
  afterAll(async () => {
    await api?.close();
    await cdn?.close();
  });

  const get = (url: string, maxBytes?: number) =>
    fetchProviderMedia(url, {
      provider: 'carrier',
      signal: AbortSignal.timeout(2000),
      authOrigin: api.url,
      headers: { authorization: 'Basic secret' },
      maxBytes,
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as ProviderError,
    );

  it("sends the provider's credentials to its own API host, and to no one else", async () => {
    expect(await get(`${api.url}/media/1`)).toEqual({ body: Buffer.from([9, 9]), contentType: 'image/jpeg' });
    expect(await get(`${cdn.url}/signed/pic.png`)).toEqual({
      body: Buffer.from([1, 2, 3]),
      contentType: 'image/png',
    });
    expect(cdn.requests.at(-1)!.headers.authorization).toBeUndefined();
    // Redirected to a CDN: fetch drops the credentials on the cross-origin hop.
    expect(await get(`${api.url}/media/moved`)).toMatchObject({ contentType: 'image/png' });
    expect(cdn.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('stops at the size limit, declared or streamed; a missing item is a permanent failure', async () => {
    expect(await failure(get(`${cdn.url}/big-declared`, 10))).toMatchObject({
      code: 'media_too_large',
      retryable: false,
    });
    expect(await failure(get(`${cdn.url}/big-streamed`, 16))).toMatchObject({
      code: 'media_too_large',
      retryable: false,
    });
    expect(await get(`${cdn.url}/big-streamed`, 32)).toMatchObject({ contentType: 'video/mp4' });
    expect(await failure(get(`${api.url}/media/gone`))).toMatchObject({
      code: 'provider_rejected',
      retryable: false,
    });
    api.inject({ kind: 'status', status: 503 });
    expect(await failure(get(`${api.url}/media/1`))).toMatchObject({ retryable: true });
  });

  it('keeps pictures, sound, video, documents and contact cards; not programs or pages', () => {
    for (const type of [
      'image/jpeg',
      'audio/amr',
      'video/3gpp',
      'application/pdf',
      'text/vcard',
      'application/smil',
    ])
      expect(isKeptMediaType(type)).toBe(true);
    for (const type of ['application/x-msdownload', 'text/html', 'application/octet-stream', 'image'])
      expect(isKeptMediaType(type)).toBe(false);
    expect(normalizeContentType('Image/JPEG; charset=binary')).toBe('image/jpeg');
    expect(normalizeContentType(null)).toBe('application/octet-stream');
  });
});
