import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';

/** Reads Server-Sent Events from a streaming response until `done` says enough. */
async function readEvents(response: Response, done: (events: { event: string; data: Json }[]) => boolean) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: Json }[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      events.push({ event, data: data ? JSON.parse(data) : null });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe.each(databaseKinds())('device simulator on %s', (kind) => {
  let t: TestIris;
  let tenant: Awaited<ReturnType<TestIris['signup']>>;
  let phone: string;
  let email: string;

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '50' });
    tenant = await t.signup('Simulator Co');
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    const numbers = (await t.request('/v1/numbers', { token: tenant.token })).body.data;
    phone = numbers.find((n: Json) => n.kind === 'phone_number').address;
    email = numbers.find((n: Json) => n.kind === 'email_address').address;
  });
  afterAll(() => t?.close());

  it('streams what devices receive and the statuses that follow, live, to the tenant only', async () => {
    const feed = await fetch(`${t.url}/v1/sandbox/feed`, {
      headers: { authorization: `Bearer ${tenant.token}`, accept: 'text/event-stream' },
    });
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/event-stream');
    const other = await t.signup('Other Simulator Co');
    const otherFeed = await fetch(`${t.url}/v1/sandbox/feed`, {
      headers: { authorization: `Bearer ${other.token}`, accept: 'text/event-stream' },
    });

    const reading = readEvents(feed, (events) => events.some((e) => e.event === 'message.status'));
    const sent = await t.request('/v1/messages', {
      token: tenant.token,
      body: { channel: 'mms', to: '+14155553001', body: 'look', media: ['https://example.com/cat.png'] },
    });
    expect(sent.status).toBe(201);
    const events = await reading;
    expect(events.map((e) => e.event)).toEqual(['ready', 'device.received', 'message.status']);
    expect(events[1]!.data).toMatchObject({
      messageId: sent.body.id,
      channel: 'mms',
      to: '+14155553001',
      body: 'look',
      media: ['https://example.com/cat.png'],
    });
    expect(events[2]!.data).toMatchObject({ messageId: sent.body.id, status: 'delivered' });

    const otherEvents = await readEvents(otherFeed, (e) => e.length >= 1);
    expect(otherEvents.map((e) => e.event)).toEqual(['ready']);
  });

  it('answers the feed with the latest traffic as JSON to a client that does not stream', async () => {
    const { status, body } = await t.request('/v1/sandbox/feed?limit=1', { token: tenant.token });
    expect(status).toBe(200);
    expect(body.data).toEqual([expect.objectContaining({ direction: 'to_device', to: '+14155553001' })]);
  });

  it('lets a virtual inbox email the tenant address and a phone send WhatsApp', async () => {
    const mail = await t.request('/v1/sandbox/inbound', {
      token: tenant.token,
      body: { channel: 'email', from: 'jane@example.com', to: email, body: 'Hello from Jane' },
    });
    expect(mail.status).toBe(201);
    expect(mail.body).toMatchObject({
      channel: 'email',
      direction: 'inbound',
      status: 'received',
      to: email,
    });
    const wa = await t.request('/v1/sandbox/inbound', {
      token: tenant.token,
      body: { channel: 'whatsapp', from: '+14155553002', to: phone, body: 'hola' },
    });
    expect(wa.body).toMatchObject({ channel: 'whatsapp', status: 'received' });
    const devices = (await t.request('/v1/sandbox/devices', { token: tenant.token })).body.data;
    const jane = devices.find((d: Json) => d.address === 'jane@example.com');
    const traffic = (await t.request(`/v1/sandbox/devices/${jane.id}/messages`, { token: tenant.token }))
      .body;
    expect(traffic.data).toEqual([
      expect.objectContaining({ direction: 'from_device', messageId: mail.body.id }),
    ]);
  });

  it('carries chat through a sandbox channel account, both ways', async () => {
    const account = await t.request('/v1/numbers', {
      token: tenant.token,
      body: {
        kind: 'channel_account',
        address: 'acme-bot',
        capabilities: ['slack', 'telegram'],
        provider: 'sandbox',
      },
    });
    expect(account.status).toBe(201);
    const sent = await t.request('/v1/messages', {
      token: tenant.token,
      body: { channel: 'slack', to: 'U024BE7LH', body: 'Deploy finished' },
    });
    expect(sent.body).toMatchObject({ from: 'acme-bot', status: 'queued', segments: null });
    await waitFor(async () => {
      const { body } = await t.request(`/v1/messages/${sent.body.id}`, { token: tenant.token });
      expect(body.status).toBe('delivered');
    });
    const reply = await t.request('/v1/sandbox/inbound', {
      token: tenant.token,
      body: { channel: 'slack', from: 'U024BE7LH', to: 'acme-bot', body: 'thanks' },
    });
    expect(reply.body).toMatchObject({ channel: 'slack', direction: 'inbound', to: 'acme-bot' });
    const devices = (await t.request('/v1/sandbox/devices', { token: tenant.token })).body.data;
    expect(devices).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'chat', address: 'U024BE7LH' })]),
    );
  });

  it.each([
    [{ channel: 'sms', from: '+14155553003', to: '+14155550000', body: 'x' }, 'to'],
    [{ channel: 'sms', from: '4155553003', to: 'PHONE', body: 'x' }, 'from'],
    [{ channel: 'email', from: 'not-an-address', to: 'EMAIL', body: 'x' }, 'from'],
    [{ channel: 'sms', from: '+14155553003', to: 'PHONE' }, 'body'],
  ])('refuses %j with 422 naming %s', async (input, field) => {
    const body = { ...input, to: input.to === 'PHONE' ? phone : input.to === 'EMAIL' ? email : input.to };
    const response = await t.request('/v1/sandbox/inbound', { token: tenant.token, body });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: Json) => e.path)).toEqual([field]);
  });

  it("refuses another tenant's sandbox number as `to`", async () => {
    const other = await t.signup('Third Simulator Co');
    const response = await t.request('/v1/sandbox/inbound', {
      token: other.token,
      body: { channel: 'sms', from: '+14155553004', to: phone, body: 'x' },
    });
    expect(response.status).toBe(422);
    const { rows } = await t.iris.database.executeSql(
      'select count(*)::int as n from messages where "from" = \'+14155553004\'',
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describe.each(databaseKinds())('sandbox failure rate on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '0', SANDBOX_FAILURE_RATE: '1' });
  });
  afterAll(() => t?.close());

  it('reports undelivered, like a carrier, at a failure rate of 1', async () => {
    const tenant = await t.signup('Unlucky Co');
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    const sent = await t.request('/v1/messages', {
      token: tenant.token,
      body: { channel: 'sms', to: '+14155553005', body: 'doomed' },
    });
    const message = await waitFor(async () => {
      const { body } = await t.request(`/v1/messages/${sent.body.id}`, { token: tenant.token });
      expect(body.status).toBe('undelivered');
      return body;
    });
    expect(message).toMatchObject({ errorCode: 'sandbox_simulated_failure' });
    expect(message.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'undelivered']);
  });
});
