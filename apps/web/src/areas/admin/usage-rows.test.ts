import { describe, expect, it } from 'vitest';
import { summarizeUsage } from './usage-rows';

describe('summarizeUsage', () => {
  it('sums messages, segments, calls, minutes and cost per currency for each tenant and period', () => {
    const usd = (amountMicros: number) => ({ amountMicros, currency: 'USD' });
    const rows = summarizeUsage([
      {
        tenantId: 'ten_1',
        period: '2026-11',
        messages: [
          { channel: 'sms', direction: 'outbound', count: 3, segments: 4, cost: usd(31_600) },
          { channel: 'email', direction: 'inbound', count: 2, segments: 2, cost: usd(0) },
        ],
        calls: [
          {
            direction: 'inbound',
            count: 2,
            answered: 2,
            billableSeconds: 130,
            minutes: 4,
            cost: [usd(8_000)],
          },
          {
            direction: 'outbound-api',
            count: 1,
            answered: 0,
            billableSeconds: 0,
            minutes: 0,
            cost: [{ amountMicros: 500, currency: 'EUR' }],
          },
        ],
      },
      { tenantId: 'ten_2', period: '2026-10', messages: [], calls: [] },
    ]);
    expect(rows).toEqual([
      {
        key: 'ten_1:2026-11',
        tenantId: 'ten_1',
        period: '2026-11',
        messages: 5,
        segments: 6,
        calls: 3,
        callMinutes: 4,
        cost: 'USD 0.0396, EUR 0.0005',
      },
      {
        key: 'ten_2:2026-10',
        tenantId: 'ten_2',
        period: '2026-10',
        messages: 0,
        segments: 0,
        calls: 0,
        callMinutes: 0,
        cost: '—',
      },
    ]);
  });
});
