import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHttpSms, startFakeHttpSms } from '../../testing/fixtures/http-sms/fake-http-sms';
import { sign } from '../../testing/fixtures/http-sms/http-sms.adapter';
import { startRoutedIris } from '../../testing/fixtures/http-sms/start-routed-iris';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { SEND_MESSAGE } from './send-message.job-spec';

describe.each(databaseKinds())('routing, failover and the status pipeline over HTTP on %s', (kind) => {
  let alpha: FakeHttpSms;
  let bravo: FakeHttpSms;
  let iris: Awaited<ReturnType<typeof startRoutedIris>>;
  let token: string;

  const call = async (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${iris.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : null };
  };
  const statusOf = (id: string, status: string) =>
    waitFor(async () => {
      const { body } = await call(`/v1/messages/${id}`);
      expect(body.status).toBe(status);
      return body;
    });
  const hook = (provider: string, event: Record<string, unknown>, secret = 'fake-webhook-secret') => {
    const body = JSON.stringify(event);
    return call(`/hooks/sms/${provider}/status`, {
      body,
      headers: { 'x-fake-signature': sign(secret, body) },
    });
  };

  beforeAll(async () => {
    alpha = await startFakeHttpSms();
    // bravo posts its receipts before it answers the send: they reach IRIS before the send result is stored.
    bravo = await startFakeHttpSms({ receipts: 'before', webhookSecret: 'bravo-webhook-secret' });
    iris = await startRoutedIris(kind, { alpha, bravo }, { rates: { alpha: 4000, bravo: 6000 } });
    const signup = await fetch(`${iris.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantName: 'Routed',
        name: 'A',
        email: `routed-${kind}@routed.test`,
        password: 'a long password 1',
      }),
    });
    const created = (await signup.json()) as Json;
    token = created.accessToken;
    // Polling for statuses reads far more than the default 100 reads a minute.
    await iris.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [created.tenant.id],
    );
    const number = await call('/v1/numbers', {
      body: { kind: 'phone_number', address: '+12015550188', capabilities: ['sms'], provider: 'alpha' },
    });
    expect(number.status).toBe(201);
  });
  afterAll(async () => {
    await iris?.close();
    await alpha?.close();
    await bravo?.close();
  });

  const send = (body = 'hello') =>
    call('/v1/messages', { body: { channel: 'sms', from: '+12015550188', to: '+14155550100', body } });

  it('sends with the cheapest provider and tracks its receipts to delivered, with the price', async () => {
    const sent = await send();
    const delivered = await statusOf(sent.body.id, 'delivered');
    expect(delivered).toMatchObject({ provider: 'alpha', price: { amountMicros: 4000, currency: 'USD' } });
    expect(alpha.accepted.get(sent.body.id)).toBe(delivered.providerMessageId);
    expect(delivered.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('fails over to the second provider when the first answers 503; receipts that beat the response are applied', async () => {
    alpha.inject({ kind: 'status', status: 503 });
    const sent = await send('failover');
    const delivered = await statusOf(sent.body.id, 'delivered');
    expect(delivered.provider).toBe('bravo');
    expect(delivered.price).toEqual({ amountMicros: 6000, currency: 'USD' });
    expect(delivered.routing.map((d: Json) => [d.provider, d.outcome])).toEqual([
      ['alpha', 'retryable_error'],
      ['bravo', 'sent'],
    ]);
    // bravo's `sent` and `delivered` were held (no message had its id yet), then applied in order.
    const { rows } = await iris.iris.database.executeSql(
      'select status, applied_at is not null as applied, received_at < $2::timestamptz as early from status_receipts where message_id = $1 order by occurred_at',
      [sent.body.id, delivered.history.find((h: Json) => h.status === 'sent').at],
    );
    expect(rows).toEqual([
      { status: 'sent', applied: true, early: true },
      { status: 'delivered', applied: true, early: true },
    ]);
    expect(delivered.history.map((h: Json) => [h.status, h.source])).toEqual([
      ['queued', 'api'],
      ['sending', 'worker'],
      ['sent', 'router'],
      ['delivered', 'provider'],
    ]);
  });

  it('fails over when the first provider times out', async () => {
    alpha.inject({ kind: 'timeout' });
    const sent = await send('timeout');
    const delivered = await statusOf(sent.body.id, 'delivered');
    expect(delivered.routing.map((d: Json) => [d.provider, d.code ?? d.outcome])).toEqual([
      ['alpha', 'provider_timeout'],
      ['bravo', 'sent'],
    ]);
  });

  it('fails a message on a permanent provider error with our code, without failover', async () => {
    alpha.inject({ kind: 'status', status: 400, body: { error: 'bad number' } });
    const sent = await send('rejected');
    const failed = await statusOf(sent.body.id, 'failed');
    expect(failed).toMatchObject({ errorCode: 'provider_rejected', provider: null });
    expect(failed.routing.map((d: Json) => d.provider)).toEqual(['alpha']);
    expect(bravo.accepted.has(sent.body.id)).toBe(false);
  });

  it('refuses a forged status webhook and one for an unknown provider with 401', async () => {
    const forged = await hook(
      'alpha',
      { eventId: 'x', id: 'fk_x', status: 'delivered', occurredAt: new Date().toISOString() },
      'wrong',
    );
    expect(forged.status).toBe(401);
    expect((await hook('nobody', {})).status).toBe(401);
  });

  it('drops a redelivered receipt and never moves a message backwards', async () => {
    alpha.inject({ kind: 'latency', ms: 0 });
    const sent = await send('ordering');
    const delivered = await statusOf(sent.body.id, 'delivered');
    const event = {
      eventId: 'late-1',
      id: delivered.providerMessageId,
      status: 'sent',
      occurredAt: new Date().toISOString(),
    };
    expect((await hook('alpha', event)).status).toBe(200);
    expect((await hook('alpha', event)).status).toBe(200);
    const failedLate = {
      eventId: 'late-2',
      id: delivered.providerMessageId,
      status: 'delivery_failed',
      occurredAt: new Date().toISOString(),
    };
    expect((await hook('alpha', failedLate)).status).toBe(200);
    const after = (await call(`/v1/messages/${sent.body.id}`)).body;
    expect(after.status).toBe('delivered');
    expect(after.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    const { rows } = await iris.iris.database.executeSql(
      "select count(*)::int as n from status_receipts where event_key = 'alpha:late-1'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('retries when every provider is down, and fails the message once its validity period is over', async () => {
    alpha.inject({ kind: 'status', status: 503 });
    bravo.inject({ kind: 'status', status: 503 });
    const sent = await call('/v1/messages', {
      body: { channel: 'sms', from: '+12015550188', to: '+14155550100', body: 'stale', validityPeriod: 1 },
    });
    const failed = await statusOf(sent.body.id, 'failed');
    expect(failed.errorCode).toBe('validity_period_expired');
    expect(failed.routing.map((d: Json) => [d.provider, d.outcome])).toEqual([
      ['alpha', 'retryable_error'],
      ['bravo', 'retryable_error'],
    ]);
    expect(failed.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'failed']);
  });

  it('resends a message whose worker died mid-send even past its validity; expires one whose attempts all failed', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const stage = async (routing: unknown[]) => {
      const { body } = await call('/v1/messages', {
        body: { channel: 'sms', from: '+12015550188', to: '+14155550100', body: 'stage', sendAt: later },
      });
      await iris.iris.database.executeSql(
        `update messages set status = 'sending', attempts = 1, valid_until = now() - interval '1 second', routing = $2::jsonb where id = $1`,
        [body.id, JSON.stringify(routing)],
      );
      await iris.iris.jobs.enqueue(SEND_MESSAGE, { messageId: body.id });
      return body.id as string;
    };
    const died = await stage([]);
    const failedEarlier = await stage([
      {
        at: new Date().toISOString(),
        provider: 'alpha',
        outcome: 'retryable_error',
        price: null,
        attempt: 1,
      },
    ]);
    const resent = await statusOf(died, 'delivered');
    expect(resent.routing).toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'sent', attempt: 2 }),
    ]);
    const expired = await statusOf(failedEarlier, 'failed');
    expect(expired.errorCode).toBe('validity_period_expired');
  });

  it('adds each message and its cost to the daily usage', async () => {
    await alpha.settled();
    const usage = await call('/v1/usage/messages');
    const sms = usage.body.data.find((d: Json) => d.channel === 'sms' && d.direction === 'outbound');
    // sent: alpha ×3 (4000: two, and the resend), bravo ×2 (6000); the rejected and the expired ones never left.
    expect(sms).toMatchObject({ messages: 5, segments: 5, cost: { amountMicros: 24_000, currency: 'USD' } });
  });

  it('takes inbound messages from the provider hosting the number: stored once, for its tenant, keywords applied', async () => {
    const url = `${iris.url}/hooks/sms/alpha/inbound`;
    const first = await alpha.sendInbound(url, {
      id: 'fk_in_1',
      from: '+14155550199',
      to: '+12015550188',
      text: 'STOP',
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1 });
    const again = await alpha.sendInbound(url, {
      id: 'fk_in_1',
      from: '+14155550199',
      to: '+12015550188',
      text: 'STOP',
    });
    expect(await again.json()).toEqual({ received: 0 });
    const inbound = await call('/v1/messages?direction=inbound');
    expect(inbound.body.data).toEqual([
      expect.objectContaining({
        from: '+14155550199',
        to: '+12015550188',
        body: 'STOP',
        provider: 'alpha',
        status: 'received',
      }),
    ]);
    const refused = await call('/v1/messages', {
      body: { channel: 'sms', from: '+12015550188', to: '+14155550199', body: 'deal!' },
    });
    expect(refused.body.code).toBe('recipient_opted_out');

    const unowned = await alpha.sendInbound(url, { from: '+14155550199', to: '+12015550100', text: 'hi' });
    expect(await unowned.json()).toEqual({ received: 0 });
    const forged = await bravo.sendInbound(url, { from: '+14155550199', to: '+12015550188', text: 'x' });
    expect(forged.status).toBe(401);
  });

  it("follows the tenant's own routing rule over price, until it is removed", async () => {
    const invalid = await call('/v1/routing-rules', { body: { kind: 'sms', providers: ['charlie'] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: Json) => e.path)).toEqual(['providers']);
    const rule = await call('/v1/routing-rules', {
      body: { kind: 'sms', prefixes: ['+1415'], providers: ['bravo'] },
    });
    expect(rule.status).toBe(201);
    const viaRule = await send('ruled');
    expect((await statusOf(viaRule.body.id, 'delivered')).provider).toBe('bravo');
    expect((await call('/v1/routing-rules')).body.data.map((r: Json) => r.id)).toEqual([rule.body.id]);
    expect((await call(`/v1/routing-rules/${rule.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const byPrice = await send('priced');
    expect((await statusOf(byPrice.body.id, 'delivered')).provider).toBe('alpha');
  });
});
