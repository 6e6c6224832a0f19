import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('numbers on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Numbers Co');
  });
  afterAll(() => t?.close());

  const create = (body: Record<string, unknown>, token = admin.token) =>
    t.request('/v1/numbers', { token, body });

  it('adds senders of every kind with capabilities and the provider behind them', async () => {
    const created = await Promise.all([
      create({
        kind: 'phone_number',
        address: '+447400123456',
        capabilities: ['sms', 'voice'],
        provider: 'sandbox',
      }),
      create({
        kind: 'alphanumeric_sender_id',
        address: 'ACME Ltd',
        capabilities: ['sms'],
        provider: 'sandbox',
      }),
      create({
        kind: 'email_domain',
        address: 'mail.acme.test',
        capabilities: ['email'],
        provider: 'sandbox',
      }),
      create({
        kind: 'channel_account',
        address: 'acme-bot',
        capabilities: ['slack', 'discord'],
        provider: 'sandbox',
      }),
    ]);
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(created[0]!.body).toMatchObject({ kind: 'phone_number', sandbox: false, provider: 'sandbox' });
    const fetched = await t.request(`/v1/numbers/${created[1]!.body.id}`, { token: admin.token });
    expect(fetched.body).toMatchObject({ address: 'ACME Ltd', capabilities: ['sms'] });
  });

  it.each([
    [{ kind: 'phone_number', address: '07400123456' }, 'address', /E\.164/],
    [{ kind: 'phone_number', address: '+1201555' }, 'address', /not a valid/],
    [{ kind: 'alphanumeric_sender_id', address: 'TWELVECHARSX' }, 'address', /1 to 11/],
    [{ kind: 'alphanumeric_sender_id', address: '12345' }, 'address', /at least one letter/],
    [{ kind: 'email_address', address: 'nope' }, 'address', /email/],
    [
      { kind: 'phone_number', address: '+14155550142', provider: 'twilio' },
      'provider',
      /not a configured sms provider/,
    ],
  ])('refuses %j with 422 naming %s', async (input, field, message) => {
    const response = await create({ capabilities: ['sms'], provider: 'sandbox', ...input });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ path: field, message: expect.stringMatching(message) }]);
  });

  it("refuses another tenant's number (inbound must find one owner) and keeps sandbox senders", async () => {
    const other = await t.signup('Other Numbers Co');
    const mine = (await t.request('/v1/numbers', { token: admin.token })).body.data;
    const sandboxPhone = mine.find((n: Json) => n.sandbox && n.kind === 'phone_number');
    const taken = await create(
      { kind: 'phone_number', address: sandboxPhone.address, capabilities: ['sms'], provider: 'sandbox' },
      other.token,
    );
    expect(taken.status).toBe(409);
    const release = await t.request(`/v1/numbers/${sandboxPhone.id}`, {
      method: 'DELETE',
      token: admin.token,
    });
    expect(release.status).toBe(409);
    const added = await create({
      kind: 'alphanumeric_sender_id',
      address: 'Temp',
      capabilities: ['sms'],
      provider: 'sandbox',
    });
    expect(
      (await t.request(`/v1/numbers/${added.body.id}`, { method: 'DELETE', token: admin.token })).status,
    ).toBe(204);
    expect((await t.request(`/v1/numbers/${added.body.id}`, { token: admin.token })).status).toBe(404);
  });

  it('lets agents list senders but not add them', async () => {
    const { body: key } = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: 'r', scopes: ['read'] },
    });
    expect((await t.request('/v1/numbers', { token: key.key })).status).toBe(200);
    const refused = await create(
      { kind: 'alphanumeric_sender_id', address: 'Nope', capabilities: ['sms'], provider: 'sandbox' },
      key.key,
    );
    expect(refused.status).toBe(403);
  });
});
