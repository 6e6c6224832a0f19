import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startWebhookReceiver } from '../../testing/webhook-receiver';

describe.each(databaseKinds())('messages on the sandbox on %s', (kind) => {
  let t: TestIris;
  let tenant: Awaited<ReturnType<TestIris['signup']>>;
  let key: string;
  let sandboxNumber: string;

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '50', IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true' });
    tenant = await t.signup('Sms Co');
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    key = (
      await t.request('/v1/api-keys', {
        token: tenant.token,
        body: { name: 'backend', scopes: ['read', 'messages:write'] },
      })
    ).body.key;
    const numbers = await t.request('/v1/numbers', { token: key });
    sandboxNumber = numbers.body.data.find((n: Json) => n.kind === 'phone_number').address;
  });
  afterAll(() => t?.close());

  const send = (body: Record<string, unknown>) => t.request('/v1/messages', { token: key, body });
  const get = async (id: string) => (await t.request(`/v1/messages/${id}`, { token: key })).body;
  const statusOf = (id: string, status: string) =>
    waitFor(async () => {
      const message = await get(id);
      expect(message.status).toBe(status);
      return message;
    });

  it('gives a new tenant a sandbox phone number and email address', async () => {
    const { body } = await t.request('/v1/numbers', { token: tenant.token });
    const byKind = Object.fromEntries(body.data.map((n: Json) => [n.kind, n]));
    expect(byKind.phone_number).toMatchObject({
      address: expect.stringMatching(/^\+1\d{3}555\d{4}$/),
      capabilities: ['sms', 'mms', 'whatsapp', 'voice'],
      provider: 'sandbox',
      sandbox: true,
    });
    expect(byKind.email_address).toMatchObject({
      address: expect.stringMatching(/^inbox-[0-9a-z]{8}@sandbox\.iris\.test$/),
      capabilities: ['email'],
      sandbox: true,
    });
  });

  it('sends an SMS to a simulator phone, which gets it, and reports it delivered; the phone replies', async () => {
    const sent = await send({ channel: 'sms', to: '+14155550101', body: 'Your code is 1234 👋' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      status: 'queued',
      direction: 'outbound',
      from: sandboxNumber,
      to: '+14155550101',
      encoding: 'UCS-2',
      segments: 1,
    });
    const delivered = await statusOf(sent.body.id, 'delivered');
    expect(delivered.history.map((h: Json) => [h.status, h.source])).toEqual([
      ['queued', 'api'],
      ['sending', 'worker'],
      ['sent', 'router'],
      ['delivered', 'provider'],
    ]);
    expect(delivered.routing).toEqual([expect.objectContaining({ provider: 'sandbox', outcome: 'sent' })]);
    expect(delivered).toMatchObject({ provider: 'sandbox', providerMessageId: `sbx_${sent.body.id}` });
    expect(delivered.price).toEqual({ amountMicros: 0, currency: 'USD' });

    const devices = (await t.request('/v1/sandbox/devices', { token: key })).body.data;
    const phone = devices.find((d: Json) => d.address === '+14155550101');
    expect(phone).toMatchObject({ kind: 'phone' });
    const inbox = (await t.request(`/v1/sandbox/devices/${phone.id}/messages`, { token: key })).body.data;
    expect(inbox).toEqual([
      expect.objectContaining({
        direction: 'to_device',
        messageId: sent.body.id,
        body: 'Your code is 1234 👋',
      }),
    ]);

    const reply = await t.request('/v1/sandbox/inbound', {
      token: key,
      body: { channel: 'sms', from: '+14155550101', to: sandboxNumber, body: 'Thanks!' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      direction: 'inbound',
      status: 'received',
      from: '+14155550101',
      to: sandboxNumber,
    });
    const inbound = await t.request('/v1/messages?direction=inbound', { token: key });
    expect(inbound.body.data.map((m: Json) => m.id)).toContain(reply.body.id);
    const stored = await t.iris.database.executeSql('select tenant_id from messages where id = $1', [
      reply.body.id,
    ]);
    expect(stored.rows[0]!.tenant_id).toBe(tenant.tenantId);

    const other = await t.signup('Other Sms Co');
    expect((await t.request(`/v1/messages/${reply.body.id}`, { token: other.token })).status).toBe(404);
    expect((await t.request('/v1/messages', { token: other.token })).body.data).toEqual([]);
  });

  it('emits message.* events for every transition', async () => {
    const sent = await send({ channel: 'sms', to: '+14155550102', body: 'events' });
    await statusOf(sent.body.id, 'delivered');
    const { rows } = await t.iris.database.executeSql(
      "select type from events where data->'message'->>'id' = $1 order by id",
      [sent.body.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['message.queued', 'message.sent', 'message.delivered']);
  });

  it('posts every event of a message to its statusCallback', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const sent = await send({
        channel: 'sms',
        to: '+14155550107',
        body: 'tracked',
        statusCallback: receiver.url,
      });
      await receiver.waitFor(3);
      expect(receiver.received.map((r) => r.type).sort()).toEqual([
        'message.delivered',
        'message.queued',
        'message.sent',
      ]);
      expect(receiver.received.every((r) => (r.data as Json).message.id === sent.body.id)).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ['sms', 'national format', '4155550101', 'to'],
    ['sms', 'spaces', '+1 415 555 0101', 'to'],
    ['whatsapp', 'too short', '+1415555', 'to'],
    ['mms', 'unassigned country code', '+999123456789', 'to'],
    ['email', 'not an address', 'someone', 'to'],
  ])('refuses a %s to %s with 422 naming the field', async (channel, _case, to, field) => {
    const response = await send({ channel, to, body: 'x' });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((e: Json) => e.path)).toEqual([field]);
  });

  it('refuses a from that is not one of the tenant senders, and a missing body', async () => {
    const wrongFrom = await send({ channel: 'sms', from: '+14155550199', to: '+14155550101', body: 'x' });
    expect(wrongFrom.status).toBe(422);
    expect(wrongFrom.body.errors).toEqual([
      { path: 'from', message: expect.stringContaining('not one of your senders') },
    ]);
    const empty = await send({ channel: 'sms', to: '+14155550101' });
    expect(empty.body.errors.map((e: Json) => e.path)).toEqual(['body']);
  });

  it('stores GSM-7 encoding and segment counts', async () => {
    const long = await send({ channel: 'sms', to: '+14155550103', body: `${'a'.repeat(155)}{}[]` });
    expect(long.body).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('schedules a message with sendAt and cancels it; nothing is sent', async () => {
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await send({ channel: 'sms', to: '+14155550104', body: 'later', sendAt });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', sendAt });
    const canceled = await t.request(`/v1/messages/${scheduled.body.id}/cancel`, {
      token: key,
      method: 'POST',
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    const again = await t.request(`/v1/messages/${scheduled.body.id}/cancel`, { token: key, method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('sends a scheduled message when its time comes', async () => {
    const sendAt = new Date(Date.now() + 2500).toISOString();
    const scheduled = await send({ channel: 'sms', to: '+14155550105', body: 'soon', sendAt });
    expect(scheduled.body.status).toBe('scheduled');
    const delivered = await statusOf(scheduled.body.id, 'delivered');
    expect(delivered.history.map((h: Json) => h.status)).toEqual([
      'scheduled',
      'queued',
      'sending',
      'sent',
      'delivered',
    ]);
  });

  it('lists with filters and a cursor', async () => {
    // WhatsApp free-form needs the contact's 24-hour window: the simulator phone writes first.
    await t.request('/v1/sandbox/inbound', {
      token: key,
      body: { channel: 'whatsapp', from: '+14155550106', to: sandboxNumber, body: 'hi' },
    });
    for (let i = 0; i < 3; i++) await send({ channel: 'whatsapp', to: '+14155550106', body: `wa ${i}` });
    const first = await t.request('/v1/messages?channel=whatsapp&direction=outbound&limit=2', { token: key });
    expect(first.body.data.map((m: Json) => m.body)).toEqual(['wa 2', 'wa 1']);
    const rest = await t.request(
      `/v1/messages?channel=whatsapp&direction=outbound&limit=2&cursor=${first.body.nextCursor}`,
      { token: key },
    );
    expect(rest.body).toMatchObject({ data: [expect.objectContaining({ body: 'wa 0' })], nextCursor: null });
    const to = await t.request('/v1/messages?to=%2B14155550106&direction=outbound', { token: key });
    expect(to.body.data).toHaveLength(3);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await t.request(`/v1/messages?createdAfter=${encodeURIComponent(future)}`, { token: key });
    expect(none.body.data).toEqual([]);
  });

  it('sends email to a simulator inbox', async () => {
    const sent = await send({ channel: 'email', to: 'jane@example.com', subject: 'Hi', body: 'Hello Jane' });
    expect(sent.body).toMatchObject({ from: expect.stringMatching(/@sandbox\.iris\.test$/), segments: null });
    await statusOf(sent.body.id, 'delivered');
    const devices = (await t.request('/v1/sandbox/devices', { token: key })).body.data;
    expect(devices).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'email', address: 'jane@example.com' })]),
    );
  });

  // Last: it adds senders, which changes the default pick of the tests above.
  it('picks from a senderPool, sticking to one sender per recipient, and refuses foreign pool members', async () => {
    for (const address of ['PoolA', 'PoolB'])
      await t.request('/v1/numbers', {
        token: tenant.token,
        body: { kind: 'alphanumeric_sender_id', address, capabilities: ['sms'], provider: 'sandbox' },
      });
    const senderPool = ['PoolA', 'PoolB'];
    const picks = [];
    for (let i = 0; i < 3; i++)
      picks.push((await send({ channel: 'sms', to: '+14155550108', body: 'p', senderPool })).body.from);
    expect(new Set(picks).size).toBe(1);
    expect(senderPool).toContain(picks[0]);
    const foreign = await send({
      channel: 'sms',
      to: '+14155550108',
      body: 'p',
      senderPool: ['PoolA', 'Nobody'],
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors.map((e: Json) => e.path)).toEqual(['senderPool']);
  });
});
