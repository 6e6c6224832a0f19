import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { DEFAULT_HELP_REPLY } from './apply-keyword';

describe.each(databaseKinds())('opt-out keywords on %s', (kind) => {
  let t: TestIris;
  let tenant: Awaited<ReturnType<TestIris['signup']>>;
  let number: string;

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '50' });
    tenant = await t.signup('Opt Co');
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    number = (await t.request('/v1/numbers', { token: tenant.token })).body.data.find(
      (n: Json) => n.kind === 'phone_number',
    ).address;
  });
  afterAll(() => t?.close());

  const text = (from: string, body: string) =>
    t.request('/v1/sandbox/inbound', {
      token: tenant.token,
      body: { channel: 'sms', from, to: number, body },
    });
  const send = (to: string, extra: Record<string, unknown> = {}) =>
    t.request('/v1/messages', { token: tenant.token, body: { channel: 'sms', to, body: 'promo', ...extra } });

  it.each([
    ['STOP', 'START'],
    ['stopall', 'unstop'],
    ['Unsubscribe', 'START'],
    ['CANCEL', 'START'],
    ['end', 'START'],
    ['QUIT!', 'START'],
  ])(
    '%s opts the phone out (422 recipient_opted_out, nothing sent); %s opts it back in',
    async (stop, start) => {
      const phone = `+1415555${String(1000 + Math.floor(Math.random() * 8999))}`;
      expect((await text(phone, stop)).status).toBe(201);
      const before = (await t.iris.database.executeSql('select count(*)::int as n from messages')).rows[0]!.n;
      const refused = await send(phone);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('recipient_opted_out');
      const after = (await t.iris.database.executeSql('select count(*)::int as n from messages')).rows[0]!.n;
      expect(after).toBe(before);
      expect((await text(phone, start)).status).toBe(201);
      expect((await send(phone)).status).toBe(201);
    },
  );

  it('does not treat a sentence containing stop as a keyword', async () => {
    expect((await text('+14155552001', 'please stop by tomorrow')).status).toBe(201);
    expect((await send('+14155552001')).status).toBe(201);
  });

  it('answers HELP with the configured reply, sent to the phone', async () => {
    await text('+14155552002', 'HELP');
    const reply = await waitFor(async () => {
      const { body } = await t.request('/v1/messages?to=%2B14155552002&direction=outbound', {
        token: tenant.token,
      });
      expect(body.data).toHaveLength(1);
      return body.data[0];
    });
    expect(reply).toMatchObject({ from: number, body: DEFAULT_HELP_REPLY, metadata: { autoReply: 'help' } });

    const put = await t.request('/v1/opt-outs/settings', {
      method: 'PUT',
      token: tenant.token,
      body: { scope: 'sender', helpReply: 'Opt Co: call 555-0100 for help.' },
    });
    expect(put.status).toBe(200);
    await text('+14155552003', 'help');
    await waitFor(async () => {
      const { body } = await t.request('/v1/messages?to=%2B14155552003', { token: tenant.token });
      expect(body.data.map((m: Json) => m.body)).toEqual(['Opt Co: call 555-0100 for help.']);
    });
  });

  it('opts out per sender by default, tenant-wide when set, and lists the opt-outs', async () => {
    const second = await t.request('/v1/numbers', {
      token: tenant.token,
      body: { kind: 'alphanumeric_sender_id', address: 'OptCo', capabilities: ['sms'], provider: 'sandbox' },
    });
    expect(second.status).toBe(201);
    await text('+14155552004', 'STOP');
    expect((await send('+14155552004', { from: number })).status).toBe(422);
    expect((await send('+14155552004', { from: 'OptCo' })).status).toBe(201);

    await t.request('/v1/opt-outs/settings', {
      method: 'PUT',
      token: tenant.token,
      body: { scope: 'tenant', helpReply: 'help' },
    });
    await text('+14155552005', 'STOP');
    expect((await send('+14155552005', { from: 'OptCo' })).status).toBe(422);
    const listed = await t.request('/v1/opt-outs', { token: tenant.token });
    expect(listed.body.data.slice(0, 2).map((o: Json) => [o.recipient, o.sender])).toEqual([
      ['+14155552005', '*'],
      ['+14155552004', number],
    ]);
    const removed = await t.request(`/v1/opt-outs/${listed.body.data[0].id}`, {
      method: 'DELETE',
      token: tenant.token,
    });
    expect(removed.status).toBe(204);
    expect((await send('+14155552005', { from: 'OptCo' })).status).toBe(201);
  });
});
