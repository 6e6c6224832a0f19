import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';

describe.each(databaseKinds())('usage rollups on %s', (kind) => {
  let t: TestIris;
  let alpha: Awaited<ReturnType<TestIris['signup']>>;
  let bravo: Awaited<ReturnType<TestIris['signup']>>;
  let ops: string;
  let counter = 0;

  /** A finished leg as the voice role's finish-call writes it (no voice role in this suite). */
  async function addCdr(
    tenantId: string,
    at: string,
    direction: string,
    billableSeconds: number | null,
    costMicros: number | null,
  ) {
    await t.iris.database.executeSql(
      `insert into calls (id, tenant_id, direction, status, "from", "to", status_callback_events, timeout_seconds, history,
         answered_at, billable_seconds, cost_micros, currency, created_at)
       values ($1, $2, $3, $4, '+15550001', '+15550002', '{}', 30, '[]', $5, $6, $7, $8, $9)`,
      [
        `call_usage${kind}${++counter}`,
        tenantId,
        direction,
        billableSeconds === null ? 'no-answer' : 'completed',
        billableSeconds === null ? null : at,
        billableSeconds,
        costMicros,
        costMicros === null ? null : 'USD',
        at,
      ],
    );
  }
  /** A day of message counters as the messages module's recordUsage keeps them. */
  async function addMessageDay(tenantId: string, day: string, channel: string, direction: string, n: number) {
    await t.iris.database.executeSql(
      `insert into daily_usage (tenant_id, day, channel, direction, currency, messages, segments, cost_micros)
       values ($1, $2, $3, $4, 'USD', $5, $6, $7)`,
      [tenantId, day, channel, direction, n, 2 * n, 7500 * n],
    );
  }

  beforeAll(async () => {
    t = await startTestIris(kind);
    alpha = await t.signup('Usage Alpha');
    bravo = await t.signup('Usage Bravo');
    const admin = await t.signup('Usage Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [
      admin.userId,
    ]);
    ops = (await t.request('/v1/auth/login', { body: { email: admin.email, password: admin.password } })).body
      .accessToken;
    await addCdr(alpha.tenantId, '2026-10-31T23:59:59Z', 'outbound-api', 10, 100);
    await addCdr(alpha.tenantId, '2026-11-01T00:00:00Z', 'outbound-api', 61, 1017);
    await addCdr(alpha.tenantId, '2026-11-01T12:00:00Z', 'outbound-api', 30, 500);
    await addCdr(alpha.tenantId, '2026-11-01T13:00:00Z', 'inbound', null, null);
    await addCdr(alpha.tenantId, '2026-11-02T23:59:59Z', 'inbound', 120, 2000);
    await addCdr(bravo.tenantId, '2026-11-01T10:00:00Z', 'outbound-api', 600, 10_000);
    await addMessageDay(alpha.tenantId, '2026-11-01', 'sms', 'outbound', 3);
    await addMessageDay(alpha.tenantId, '2026-11-02', 'sms', 'inbound', 1);
    await addMessageDay(alpha.tenantId, '2026-11-02', 'whatsapp', 'outbound', 2);
    await addMessageDay(bravo.tenantId, '2026-11-01', 'sms', 'outbound', 9);
  }, 60_000);
  afterAll(() => t?.close());

  it('gives calls and messages per UTC day, every day of the range, for the caller’s tenant only', async () => {
    const got = await t.request('/v1/usage?from=2026-11-01&to=2026-11-03', { token: alpha.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ from: '2026-11-01', to: '2026-11-03', granularity: 'day' });
    expect(got.body.data).toEqual([
      {
        period: '2026-11-01',
        calls: [
          { direction: 'inbound', count: 1, answered: 0, billableSeconds: 0, minutes: 0, cost: [] },
          {
            direction: 'outbound-api',
            count: 2,
            answered: 2,
            billableSeconds: 91,
            minutes: 3,
            cost: [{ amountMicros: 1517, currency: 'USD' }],
          },
        ],
        messages: [
          {
            channel: 'sms',
            direction: 'outbound',
            count: 3,
            segments: 6,
            cost: { amountMicros: 22_500, currency: 'USD' },
          },
        ],
      },
      {
        period: '2026-11-02',
        calls: [
          {
            direction: 'inbound',
            count: 1,
            answered: 1,
            billableSeconds: 120,
            minutes: 2,
            cost: [{ amountMicros: 2000, currency: 'USD' }],
          },
        ],
        messages: [
          {
            channel: 'sms',
            direction: 'inbound',
            count: 1,
            segments: 2,
            cost: { amountMicros: 7500, currency: 'USD' },
          },
          {
            channel: 'whatsapp',
            direction: 'outbound',
            count: 2,
            segments: 4,
            cost: { amountMicros: 15_000, currency: 'USD' },
          },
        ],
      },
      { period: '2026-11-03', calls: [], messages: [] },
    ]);
  });

  it('rolls up by month', async () => {
    const got = await t.request('/v1/usage?from=2026-10-01&to=2026-11-30&granularity=month', {
      token: alpha.token,
    });
    expect(got.body.data.map((p: { period: string }) => p.period)).toEqual(['2026-10', '2026-11']);
    expect(got.body.data[0].calls).toEqual([
      {
        direction: 'outbound-api',
        count: 1,
        answered: 1,
        billableSeconds: 10,
        minutes: 1,
        cost: [{ amountMicros: 100, currency: 'USD' }],
      },
    ]);
    const november = got.body.data[1];
    expect(november.calls.map((c: { direction: string; count: number }) => [c.direction, c.count])).toEqual([
      ['inbound', 2],
      ['outbound-api', 2],
    ]);
    expect(november.messages.map((m: { channel: string; count: number }) => [m.channel, m.count])).toEqual([
      ['sms', 1], // inbound sorts before outbound
      ['sms', 3],
      ['whatsapp', 2],
    ]);
  });

  it('counts what the messaging pipeline records as it sends (today, like /v1/usage/messages)', async () => {
    const sent = await t.request('/v1/messages', {
      token: bravo.token,
      body: { channel: 'sms', to: '+14155550123', body: 'usage check' },
    });
    expect(sent.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const messages = await waitFor(async () => {
      const got = await t.request(`/v1/usage/messages?from=${today}&to=${today}`, { token: bravo.token });
      expect(got.body.data).toHaveLength(1);
      return got.body.data[0];
    });
    const usage = await t.request(`/v1/usage?from=${today}&to=${today}`, { token: bravo.token });
    expect(usage.body.data).toEqual([
      {
        period: today,
        calls: [],
        messages: [
          {
            channel: 'sms',
            direction: 'outbound',
            count: messages.messages,
            segments: messages.segments,
            cost: messages.cost,
          },
        ],
      },
    ]);
  });

  it('refuses bad ranges as 422 problem+json', async () => {
    for (const query of [
      'from=2026-11-05&to=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2024-01-01&to=2026-01-01',
      'from=yesterday',
      'granularity=week',
    ]) {
      const response = await t.request(`/v1/usage?${query}`, { token: alpha.token });
      expect(response.status, query).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(
      (await t.request('/v1/usage?from=2024-01-01&to=2026-01-01&granularity=month', { token: alpha.token }))
        .status,
    ).toBe(200);
  });

  it('shows platform admins every tenant, or one, and nobody else', async () => {
    const all = await t.request('/v1/admin/usage?from=2026-11-01&to=2026-11-01', { token: ops });
    expect(all.status).toBe(200);
    const rows = all.body.data.map((r: { tenantId: string; period: string; calls: { count: number }[] }) => [
      r.tenantId,
      r.period,
      r.calls.reduce((n, c) => n + c.count, 0),
    ]);
    expect(rows).toEqual(
      [
        [alpha.tenantId, '2026-11-01', 3],
        [bravo.tenantId, '2026-11-01', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const one = await t.request(`/v1/admin/usage?from=2026-11-01&to=2026-11-01&tenantId=${bravo.tenantId}`, {
      token: ops,
    });
    expect(one.body.data).toHaveLength(1);
    expect(one.body.data[0].messages[0]).toMatchObject({ channel: 'sms', count: 9 });
    expect((await t.request('/v1/admin/usage', { token: alpha.token })).status).toBe(403);
  });
});
