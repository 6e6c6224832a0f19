import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../fake-server';
import { metaWhatsAppCatalogEntry } from './meta-whatsapp.catalog';
import { hubSignature, type MetaWhatsAppFake, startMetaWhatsAppFake } from './meta-whatsapp.fake';

describe('Meta WhatsApp Cloud API fake', () => {
  let receiver: FakeServer;
  let fake: MetaWhatsAppFake;
  let graph: string;
  const template = {
    id: '1259544702043867',
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED' as const,
    category: 'UTILITY' as const,
    components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} shipped' }],
  };

  const call = (path: string, body?: unknown, token = fake.credentials.accessToken) =>
    fetch(`${graph}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    receiver = await startFakeServer({ app: new Hono().post('/hook', (c) => c.json({ ok: true })) });
    fake = await startMetaWhatsAppFake({
      webhookUrl: `${receiver.url}/hook`,
      templates: [template],
      undeliverable: ['+14155550999'],
    });
    graph = `${fake.url}/v23.0`;
  });
  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  it('accepts a text send with the real response shape, then signs sent and delivered webhooks', async () => {
    fake.windows.set('14155550100', Date.now());
    const response = await call(`/${fake.credentials.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+14155550100',
      type: 'text',
      text: { body: 'hello' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: { id: string }[] };
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+14155550100', wa_id: '14155550100' }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
    await fake.settled();
    const hooks = receiver.requests.filter((r) => r.body.includes(body.messages[0]!.id));
    expect(hooks.map((h) => JSON.parse(h.body).entry[0].changes[0].value.statuses[0].status)).toEqual([
      'sent',
      'delivered',
    ]);
    for (const hook of hooks)
      expect(hook.headers['x-hub-signature-256']).toBe(hubSignature(fake.credentials.appSecret, hook.body));
  });

  it('refuses a bad token with code 190 and a missing messaging_product with code 100', async () => {
    const denied = await call(
      `/${fake.credentials.phoneNumberId}/messages`,
      { to: '1', type: 'text' },
      'nope',
    );
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: number } }).error.code).toBe(190);
    const invalid = await call(`/${fake.credentials.phoneNumberId}/messages`, { to: '1', type: 'text' });
    expect(invalid.status).toBe(400);
    const error = ((await invalid.json()) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ code: 100, type: 'OAuthException', fbtrace_id: expect.any(String) });
  });

  it('checks template sends against its templates (132001, 132000) and pages the template list', async () => {
    const send = (name: string, parameters: unknown[]) =>
      call(`/${fake.credentials.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        to: '14155550101',
        type: 'template',
        template: { name, language: { code: 'en_US' }, components: [{ type: 'body', parameters }] },
      });
    const text = (t: string) => ({ type: 'text', text: t });
    expect(((await (await send('nope', [])).json()) as { error: { code: number } }).error.code).toBe(132001);
    expect(
      ((await (await send('order_update', [text('a')])).json()) as { error: { code: number } }).error.code,
    ).toBe(132000);
    expect((await send('order_update', [text('a'), text('b')])).status).toBe(200);
    fake.templates.push({ ...template, id: '2', name: 'second' });
    const first = (await (
      await call(`/${fake.credentials.businessAccountId}/message_templates?limit=1`)
    ).json()) as {
      data: { name: string }[];
      paging: { next?: string };
    };
    expect(first.data.map((t) => t.name)).toEqual(['order_update']);
    const second = (await (
      await fetch(first.paging.next!, {
        headers: { authorization: `Bearer ${fake.credentials.accessToken}` },
      })
    ).json()) as {
      data: { name: string }[];
      paging: { next?: string };
    };
    expect(second.data.map((t) => t.name)).toEqual(['second']);
    expect(second.paging.next).toBeUndefined();
  });

  it('fails a free-form send outside the window (131047) and to a non-WhatsApp number (131026) by webhook', async () => {
    const send = async (to: string) => {
      const response = await call(`/${fake.credentials.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        to,
        type: 'text',
        text: { body: 'x' },
      });
      return ((await response.json()) as { messages: { id: string }[] }).messages[0]!.id;
    };
    const closed = await send('+14155550102');
    fake.windows.set('14155550999', Date.now());
    const gone = await send('+14155550999');
    await fake.settled();
    const errorsOf = (wamid: string) =>
      receiver.requests
        .filter((r) => r.body.includes(wamid))
        .map((r) => JSON.parse(r.body).entry[0].changes[0].value.statuses[0])
        .map((s) => [s.status, s.errors?.[0]?.code]);
    expect(errorsOf(closed)).toEqual([['failed', 131047]]);
    expect(errorsOf(gone)).toEqual([['failed', 131026]]);
  });

  it('uploads media, answers its lookup with a URL that downloads only with the token', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
    const uploaded = await fetch(`${graph}/${fake.credentials.phoneNumberId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.credentials.accessToken}` },
      body: form,
    });
    const { id } = (await uploaded.json()) as { id: string };
    const lookup = (await (await call(`/${id}`)).json()) as {
      url: string;
      mime_type: string;
      file_size: number;
    };
    expect(lookup).toMatchObject({ mime_type: 'image/png', file_size: 3 });
    expect((await fetch(lookup.url)).status).toBe(404);
    const download = await fetch(lookup.url, {
      headers: { authorization: `Bearer ${fake.credentials.accessToken}` },
    });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('signs inbound webhooks (or badly, or twice) and injects 429 with Retry-After', async () => {
    const before = receiver.requests.length;
    await fake.sendInbound([{ from: '+14155550103', type: 'text', text: 'hi' }]);
    await fake.sendInbound([{ from: '+14155550103', type: 'text', text: 'forged' }], { badSignature: true });
    await fake.sendInbound([{ from: '+14155550103', type: 'text', text: 'again' }], { duplicate: true });
    const hooks = receiver.requests.slice(before);
    expect(hooks).toHaveLength(4);
    const valid = hooks.map(
      (h) => h.headers['x-hub-signature-256'] === hubSignature(fake.credentials.appSecret, h.body),
    );
    expect(valid).toEqual([true, false, true, true]);
    expect(hooks[2]!.body).toBe(hooks[3]!.body);
    expect(fake.windows.has('14155550103')).toBe(true);

    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 2, body: { error: { code: 130429 } } });
    const limited = await call(`/${fake.credentials.phoneNumberId}/messages`, {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
  });

  it('runs from the `iris fakes` catalog with its webhooks at /v1/whatsapp/webhook', async () => {
    const app = new Hono().post('/v1/whatsapp/webhook', (c) => c.json({ received: 1 }));
    const iris = await startFakeServer({ app });
    const running = await metaWhatsAppCatalogEntry.start({
      host: '127.0.0.1',
      port: 0,
      instanceId: 'meta-whatsapp',
      hooksUrl: `${iris.url}/hooks/whatsapp/meta-whatsapp`,
    });
    try {
      expect(running).toMatchObject({
        provider: 'meta',
        credentials: { appSecret: 'iris-local-meta-app-secret', graphBaseUrl: running.server.url },
      });
      const response = await fetch(`${running.server.url}/_fake/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(running.inboundExample),
      });
      expect(await response.json()).toEqual({ delivered: [200] });
      const [hook] = iris.requests;
      expect(hook!.headers['x-hub-signature-256']).toBe(
        hubSignature('iris-local-meta-app-secret', hook!.body),
      );
      expect(JSON.parse(hook!.body).entry[0].changes[0].value.messages[0]).toMatchObject({
        from: '14155550100',
        text: { body: 'Hello from the WhatsApp fake' },
      });
    } finally {
      await running.server.close();
      await iris.close();
    }
  });
});
