import { describe, expect, it } from 'vitest';
import { deliveryRate, messagesByChannel } from './dashboard-stats';

const row = (channel: string, direction: string, messages: number) => ({
  day: '2026-11-24',
  channel,
  direction,
  messages,
  segments: messages,
  cost: { amountMicros: 0, currency: 'USD' },
});

describe('dashboard stats', () => {
  it('adds both directions per channel, biggest first', () => {
    expect(
      messagesByChannel([row('sms', 'outbound', 2), row('email', 'outbound', 5), row('sms', 'inbound', 4)]),
    ).toEqual([
      { channel: 'sms', messages: 6 },
      { channel: 'email', messages: 5 },
    ]);
  });

  it('counts delivery only over messages with a known outcome', () => {
    expect(
      deliveryRate([{ status: 'delivered' }, { status: 'failed' }, { status: 'queued' }, { status: 'read' }]),
    ).toBeCloseTo(2 / 3);
    expect(deliveryRate([{ status: 'queued' }])).toBeUndefined();
  });
});
