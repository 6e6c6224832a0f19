import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './webhooks';

// The Standard Webhooks specification's published test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = new Date(1614265330 * 1000);
const headers = (signature = VECTOR.signature, timestamp = VECTOR.timestamp) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

describe('verifyWebhook', () => {
  it('accepts the Standard Webhooks test vector', () => {
    const verified = verifyWebhook({ secret: VECTOR.secret, headers: headers(), body: VECTOR.body, now: at });
    expect(verified.id).toBe(VECTOR.id);
  });

  it('accepts when any of several signatures matches (secret rotation)', () => {
    const both = `v1,bm90IHRoaXMgb25lIG5vdCB0aGlzIG9uZSBub3QgdGg= ${VECTOR.signature}`;
    expect(() =>
      verifyWebhook({ secret: VECTOR.secret, headers: headers(both), body: VECTOR.body, now: at }),
    ).not.toThrow();
  });

  it.each([
    ['a tampered body', { body: '{"test": 2432232315}' }],
    ['another secret', { secret: 'whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldCBhdCBhbGw=' }],
    ['a signature of another version', { headers: headers(VECTOR.signature.replace('v1,', 'v2,')) }],
    ['a timestamp outside the tolerance', { now: new Date(at.getTime() + 301_000) }],
    ['missing headers', { headers: {} }],
  ])('refuses %s', (_name, change) => {
    expect(() =>
      verifyWebhook({ secret: VECTOR.secret, headers: headers(), body: VECTOR.body, now: at, ...change }),
    ).toThrow(WebhookVerificationError);
  });

  it('reads a fetch Headers object', () => {
    expect(
      verifyWebhook({ secret: VECTOR.secret, headers: new Headers(headers()), body: VECTOR.body, now: at })
        .id,
    ).toBe(VECTOR.id);
  });
});
