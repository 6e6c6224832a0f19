import { startTwilioFake, type TwilioFake } from '@iris/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../channel';
import { parseRetryAfter } from '../provider-error';
import { createTwilioProvider } from '../sms/twilio/twilio.adapter';
import { TwilioCredentialsSchema } from '../sms/twilio/twilio.schema';
import { createMessageRouter } from './message-router';

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, and clamps what it reads', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('the router and a provider answering 429 with Retry-After (Twilio fakes over HTTP)', () => {
  let a: TwilioFake;
  let b: TwilioFake;
  let now = 1_000_000;
  beforeAll(async () => {
    a = await startTwilioFake({ outcome: 'none' });
    b = await startTwilioFake({ outcome: 'none' });
  });
  afterEach(() => {
    a.clearFaults();
    b.clearFaults();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const provider = (id: string, fake: TwilioFake) =>
    createTwilioProvider(id, TwilioCredentialsSchema.parse(fake.credentials));
  const router = (ids: ('alpha' | 'bravo')[]) =>
    createMessageRouter({
      providers: [provider('alpha', a), provider('bravo', b)],
      rules: [{ kind: 'sms', prefixes: [], providers: ids }],
      rates: {},
      breaker: { failureThreshold: 1, cooldownMs: 60_000 },
      sendTimeoutMs: 2000,
      now: () => now,
    });
  let counter = 0;
  const message = (): OutboundMessage => ({
    messageId: `msg_ra${++counter}`,
    tenantId: 'ten_1',
    channel: 'sms',
    from: '+15005550006',
    to: '+14155550100',
    body: `retry-after ${counter}`,
    media: [],
    callbackBaseUrl: 'http://127.0.0.1:9/hooks/sms',
  });
  const target = { kind: 'sms' as const, channel: 'sms' as const, to: '+14155550100', tenantId: 'ten_1' };
  const sendsTo = (fake: TwilioFake) => fake.requests.filter((r) => r.path.endsWith('/Messages.json')).length;

  it('fails over at once, then leaves the throttled provider alone until Retry-After has passed', async () => {
    const r = router(['alpha', 'bravo']);
    a.inject({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 30,
      body: { code: 20429, message: 'Too Many Requests' },
    });
    const first = await r.send(message(), target, 1);
    expect(first).toMatchObject({ ok: true, provider: 'bravo' });
    expect(first.decisions[0]).toMatchObject({
      provider: 'alpha',
      outcome: 'retryable_error',
      code: 'provider_rate_limited',
      retryAt: new Date(now + 30_000).toISOString(),
    });
    // A throttled provider is up: its circuit stays closed (threshold 1 would have opened it).
    expect(r.breakerState('sms', 'alpha')).toBe('closed');

    const seenByAlpha = sendsTo(a);
    now += 29_000;
    const held = await r.send(message(), target, 1);
    expect(held.decisions.map((d) => [d.provider, d.outcome])).toEqual([
      ['alpha', 'skipped_rate_limited'],
      ['bravo', 'sent'],
    ]);
    expect(sendsTo(a)).toBe(seenByAlpha);

    now += 1_000;
    expect(await r.send(message(), target, 1)).toMatchObject({ ok: true, provider: 'alpha' });
    expect(sendsTo(a)).toBe(seenByAlpha + 1);
  });

  it('tells the caller how long to wait when every candidate asked to be left alone', async () => {
    now = 5_000_000;
    const r = router(['alpha']);
    a.inject({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    const outcome = await r.send(message(), target, 1);
    expect(outcome).toMatchObject({
      ok: false,
      retryable: true,
      code: 'provider_rate_limited',
      retryAfterMs: 2000,
    });
    const seen = sendsTo(a);
    now += 500;
    expect(await r.send(message(), target, 1)).toMatchObject({ ok: false, retryAfterMs: 1500 });
    expect(sendsTo(a)).toBe(seen);
  });

  it('does not wait on Retry-After when another candidate failed without one (normal backoff)', async () => {
    now = 9_000_000;
    const r = router(['alpha', 'bravo']);
    a.inject({ kind: 'status', status: 429, retryAfterSeconds: 5 });
    b.inject({ kind: 'status', status: 503 });
    const outcome = await r.send(message(), target, 1);
    expect(outcome).toMatchObject({ ok: false, retryable: true, code: 'provider_unavailable' });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });
});
