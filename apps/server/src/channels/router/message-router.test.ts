import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHttpSms, startFakeHttpSms } from '../../testing/fixtures/http-sms/fake-http-sms';
import { createHttpSmsProvider } from '../../testing/fixtures/http-sms/http-sms.adapter';
import type { OutboundMessage } from '../channel';
import { createMessageRouter, type MessageRouterOptions } from './message-router';

describe('message router against two fake HTTP providers', () => {
  let a: FakeHttpSms;
  let b: FakeHttpSms;
  let now = 0;
  beforeAll(async () => {
    a = await startFakeHttpSms({ receipts: 'none' });
    b = await startFakeHttpSms({ receipts: 'none' });
  });
  afterEach(() => {
    a.clearFaults();
    b.clearFaults();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const router = (options: Partial<MessageRouterOptions> = {}) =>
    createMessageRouter({
      providers: [
        createHttpSmsProvider('alpha', a.credentials),
        createHttpSmsProvider('bravo', b.credentials),
      ],
      rules: [],
      // alpha is the cheaper in general, bravo to the UK.
      rates: {
        alpha: { currency: 'USD', defaultMicros: 5000, prefixes: { '+44': 40_000 } },
        bravo: { currency: 'USD', defaultMicros: 7000, prefixes: { '+44': 30_000 } },
      },
      breaker: { failureThreshold: 3, cooldownMs: 10_000 },
      sendTimeoutMs: 300,
      now: () => now,
      ...options,
    });
  let counter = 0;
  const message = (to = '+14155550100'): OutboundMessage => ({
    messageId: `msg_test${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+14155550000',
    to,
    body: 'hello',
    media: [],
    callbackBaseUrl: 'http://127.0.0.1:9/hooks/sms',
  });
  const target = (to = '+14155550100', tenantId = 'ten_1') => ({
    kind: 'sms' as const,
    channel: 'sms' as const,
    to,
    tenantId,
  });
  const sendTo = (r: ReturnType<typeof router>, to = '+14155550100') => r.send(message(to), target(to), 2);

  it('orders candidates by price for the destination, per segment', () => {
    const r = router();
    const us = r.candidates(target(), 2).map((c) => [c.provider.id, c.price?.amountMicros]);
    expect(us).toEqual([
      ['alpha', 10_000],
      ['bravo', 14_000],
    ]);
    const uk = r.candidates(target('+447400123456'), 1).map((c) => c.provider.id);
    expect(uk).toEqual(['bravo', 'alpha']);
  });

  it('follows the most specific routing rule: a tenant override beats the platform rule', () => {
    const r = router({
      rules: [
        { kind: 'sms', prefixes: [], providers: ['alpha'] },
        { kind: 'sms', prefixes: ['+1'], providers: ['bravo'] },
        { kind: 'sms', prefixes: [], tenantId: 'ten_vip', providers: ['alpha', 'bravo'] },
      ],
    });
    expect(r.candidates(target('+447400123456'), 1).map((c) => c.provider.id)).toEqual(['alpha']);
    expect(r.candidates(target(), 1).map((c) => c.provider.id)).toEqual(['bravo']);
    expect(r.candidates(target('+14155550100', 'ten_vip'), 1).map((c) => c.provider.id)).toEqual([
      'alpha',
      'bravo',
    ]);
  });

  it('sends with the cheapest provider, carrying our message id as the idempotency key', async () => {
    const m = message();
    const outcome = await router().send(m, target(), 1);
    expect(outcome).toMatchObject({
      ok: true,
      provider: 'alpha',
      price: { amountMicros: 5000, currency: 'USD' },
    });
    const request = a.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/messages' });
    expect(request.headers).toMatchObject({
      'idempotency-key': m.messageId,
      authorization: 'Bearer fake-key',
    });
    expect(JSON.parse(request.body)).toEqual({
      from: '+14155550000',
      to: '+14155550100',
      text: 'hello',
      reference: m.messageId,
      statusCallback: 'http://127.0.0.1:9/hooks/sms/alpha/status',
    });
  });

  it('fails over to the next candidate when the first answers 503', async () => {
    a.inject({ kind: 'status', status: 503 });
    const outcome = await sendTo(router());
    expect(outcome).toMatchObject({ ok: true, provider: 'bravo' });
    expect(outcome.decisions.map((d) => [d.provider, d.outcome, d.code])).toEqual([
      ['alpha', 'retryable_error', 'provider_unavailable'],
      ['bravo', 'sent', undefined],
    ]);
  });

  it('fails over when the first times out', async () => {
    a.inject({ kind: 'timeout' });
    const started = Date.now();
    const outcome = await sendTo(router());
    expect(outcome).toMatchObject({ ok: true, provider: 'bravo' });
    expect(outcome.decisions[0]).toMatchObject({ provider: 'alpha', code: 'provider_timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails over on a connection reset and a 429', async () => {
    a.inject({ kind: 'reset' });
    expect(await sendTo(router())).toMatchObject({ ok: true, provider: 'bravo' });
    a.inject({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    expect(await sendTo(router())).toMatchObject({ ok: true, provider: 'bravo' });
  });

  it('does not fail over on a permanent error: the message fails with our code', async () => {
    a.inject({ kind: 'status', status: 400, body: { error: 'invalid destination' } });
    const before = b.requests.length;
    const outcome = await sendTo(router());
    expect(outcome).toMatchObject({ ok: false, retryable: false, code: 'provider_rejected' });
    expect(b.requests.length).toBe(before);
  });

  it('reports a retryable outcome when every candidate fails', async () => {
    a.inject({ kind: 'status', status: 500 });
    b.inject({ kind: 'status', status: 502 });
    expect(await sendTo(router())).toMatchObject({
      ok: false,
      retryable: true,
      code: 'provider_unavailable',
    });
  });

  it('opens the circuit after N failures, skips the provider, and closes it with a probe after the cool-down', async () => {
    now = 1_000_000;
    const r = router();
    a.inject({ kind: 'status', status: 503 }, { times: 3 });
    for (let i = 0; i < 3; i++) expect(await sendTo(r)).toMatchObject({ provider: 'bravo' });
    expect(r.breakerState('sms', 'alpha')).toBe('open');

    const seenByAlpha = a.requests.length;
    const skipped = await sendTo(r);
    expect(skipped).toMatchObject({ ok: true, provider: 'bravo' });
    expect(skipped.decisions.map((d) => [d.provider, d.outcome])).toEqual([
      ['alpha', 'skipped_circuit_open'],
      ['bravo', 'sent'],
    ]);
    expect(a.requests.length).toBe(seenByAlpha);

    now += 10_000;
    expect(r.breakerState('sms', 'alpha')).toBe('half_open');
    const probe = await sendTo(r);
    expect(probe).toMatchObject({ ok: true, provider: 'alpha' });
    expect(a.requests.length).toBe(seenByAlpha + 1);
    expect(r.breakerState('sms', 'alpha')).toBe('closed');
    expect(await sendTo(r)).toMatchObject({ provider: 'alpha' });
  });

  it('keeps the circuit open when the probe fails', async () => {
    now = 5_000_000;
    const r = router();
    a.inject({ kind: 'status', status: 503 }, { times: 4 });
    for (let i = 0; i < 3; i++) await sendTo(r);
    now += 10_000;
    expect(await sendTo(r)).toMatchObject({ provider: 'bravo' });
    expect(r.breakerState('sms', 'alpha')).toBe('open');
  });
});
