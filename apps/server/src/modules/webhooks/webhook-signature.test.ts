import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../../../packages/sdk/src/webhooks';
import { createEncryptor } from '../../platform/crypto/encryption';
import { nextRetryDelayMs } from './retry-schedule';
import { newWebhookSecret, signWebhook, webhookHeaders } from './webhook-signature';

describe('webhook signatures', () => {
  it('reproduces the Standard Webhooks specification test vector', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs with both secrets during a rotation, and the SDK accepts either', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = '{"type":"message.sent"}';
    const headers = webhookHeaders([newSecret, oldSecret], 'evt_1', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret])
      expect(verifyWebhook({ secret, headers, body }).id).toBe('evt_1');
  });
});

describe('secrets at rest', () => {
  const encryptor = createEncryptor(new Uint8Array(32).fill(3));
  it('round-trips and never stores the plain text', () => {
    const stored = encryptor.encrypt('whsec_abc');
    expect(stored).not.toContain('whsec_abc');
    expect(encryptor.decrypt(stored)).toBe('whsec_abc');
    expect(encryptor.encrypt('whsec_abc')).not.toBe(stored); // a fresh IV each time
  });
  it('refuses a tampered or foreign ciphertext', () => {
    const stored = encryptor.encrypt('whsec_abc');
    const tampered = `${stored.slice(0, -2)}${stored.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => encryptor.decrypt(tampered)).toThrow();
    expect(() => createEncryptor(new Uint8Array(32).fill(4)).decrypt(stored)).toThrow();
  });
});

describe('retry schedule', () => {
  const schedule = [5, 300, 1800];
  it('follows the schedule with ±20 % jitter, then stops', () => {
    expect(nextRetryDelayMs(schedule, 1, () => 0)).toBe(4000);
    expect(nextRetryDelayMs(schedule, 1, () => 1)).toBe(6000);
    expect(nextRetryDelayMs(schedule, 3, () => 0.5)).toBe(1_800_000);
    expect(nextRetryDelayMs(schedule, 4)).toBeNull();
  });
});
