import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('calls and trunks API on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    // No voice role here: calls stay queued, which is what these tests look at.
    t = await startTestIris(kind, { IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true' });
    admin = await t.signup('Voice Co');
  });
  afterAll(() => t?.close());

  it('adds trunks from presets and never shows their password', async () => {
    const telnyx = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: {
        name: 'Telnyx',
        preset: 'telnyx',
        auth: 'digest',
        username: 'u1',
        password: 'secret',
        cpsLimit: 5,
      },
    });
    expect(telnyx.status).toBe(201);
    expect(telnyx.body).toMatchObject({
      preset: 'telnyx',
      host: 'sip.telnyx.com',
      port: 5060,
      transport: 'udp',
      auth: 'digest',
      username: 'u1',
      cpsLimit: 5,
      prefixes: ['+'],
    });
    expect(JSON.stringify(telnyx.body)).not.toContain('secret');
    const generic = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: {
        name: 'Local',
        host: '192.0.2.10',
        prefixes: ['+44'],
        costPerMinute: { amountMicros: 4000, currency: 'gbp' },
      },
    });
    expect(generic.body).toMatchObject({
      codecs: ['PCMU', 'PCMA'],
      costPerMinute: { amountMicros: 4000, currency: 'GBP' },
    });
    const list = await t.request('/v1/voice/trunks', { token: admin.token });
    expect(list.body.data.map((row: { name: string }) => row.name)).toEqual(['Local', 'Telnyx']);
    const removed = await t.request(`/v1/voice/trunks/${generic.body.id}`, {
      token: admin.token,
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    expect((await t.request(`/v1/voice/trunks/${generic.body.id}`, { token: admin.token })).status).toBe(404);
  });

  it.each([
    [{ name: 'x', preset: 'generic' }, 'host'],
    [{ name: 'x', host: 'h.example', auth: 'digest' }, 'username'],
    [{ name: 'x', host: 'h.example', prefixes: ['44'] }, 'prefixes.0'],
  ])('refuses trunk %j (%s)', async (body, path) => {
    const response = await t.request('/v1/voice/trunks', { token: admin.token, body });
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain(path);
  });

  it('accepts a call as queued, lists and filters it, and cancels it before it is placed', async () => {
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: {
        to: '+15550001111',
        from: '+15550002222',
        verbs: [{ verb: 'say', text: 'Hello' }, { verb: 'hangup' }],
        statusCallbackEvents: ['initiated', 'completed'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', direction: 'outbound-api', to: '+15550001111' });
    expect(created.body.id).toMatch(/^call_/);
    const listed = await t.request('/v1/calls?status=queued&to=%2B15550001111', { token: admin.token });
    expect(listed.body.data.map((row: { id: string }) => row.id)).toContain(created.body.id);
    const canceled = await t.request(`/v1/calls/${created.body.id}`, {
      token: admin.token,
      body: { status: 'canceled' },
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    expect(canceled.body.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'canceled']);
    const again = await t.request(`/v1/calls/${created.body.id}`, {
      token: admin.token,
      body: { status: 'completed' },
    });
    expect(again.status).toBe(409);
  });

  it.each([
    [{ to: '+15550001111', from: '+15550002222' }, 'url'],
    [
      { to: '+15550001111', from: '+15550002222', url: 'https://a.example/v', verbs: [{ verb: 'hangup' }] },
      'url',
    ],
    [{ to: '12', from: '+15550002222', url: 'https://a.example/v' }, 'to'],
    [{ to: '+15550001111', from: '+15550002222', verbs: [{ verb: 'dance' }] }, 'verb'],
    [{ to: '+15550001111', from: '+15550002222', verbs: [{ verb: 'pause', length: 0 }] }, 'length'],
  ])('refuses call %j (%s)', async (body, path) => {
    const response = await t.request('/v1/calls', { token: admin.token, body });
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain(path);
  });

  it('keeps tenants apart', async () => {
    const other = await t.signup('Other Voice Co');
    const created = await t.request('/v1/calls', {
      token: admin.token,
      body: { to: '+15550001111', from: '+15550002222', url: 'https://app.example/voice' },
    });
    expect((await t.request(`/v1/calls/${created.body.id}`, { token: other.token })).status).toBe(404);
    const theirs = await t.request('/v1/calls', { token: other.token });
    expect(theirs.body.data).toEqual([]);
  });
});
