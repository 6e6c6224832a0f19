import type { Schemas } from '../../shared/api/client';

type Period = Schemas['AdminUsageReport']['data'][number];
export type UsageRow = {
  key: string;
  tenantId: string;
  period: string;
  messages: number;
  segments: number;
  callMinutes: number;
  calls: number;
  /** Message and call cost summed per currency, e.g. "USD 0.0158". */
  cost: string;
};

/** One row per tenant and period: the report's per-channel and per-direction entries summed. */
export function summarizeUsage(periods: Period[]): UsageRow[] {
  return periods.map((p) => {
    const totals = new Map<string, number>();
    const add = (money: { amountMicros: number; currency: string }) =>
      totals.set(money.currency, (totals.get(money.currency) ?? 0) + money.amountMicros);
    for (const m of p.messages) add(m.cost);
    for (const c of p.calls) for (const money of c.cost) add(money);
    return {
      key: `${p.tenantId}:${p.period}`,
      tenantId: p.tenantId,
      period: p.period,
      messages: p.messages.reduce((n, m) => n + m.count, 0),
      segments: p.messages.reduce((n, m) => n + m.segments, 0),
      calls: p.calls.reduce((n, c) => n + c.count, 0),
      callMinutes: p.calls.reduce((n, c) => n + c.minutes, 0),
      cost:
        [...totals]
          .filter(([, micros]) => micros !== 0)
          .map(([currency, micros]) => `${currency} ${(micros / 1_000_000).toFixed(4)}`)
          .join(', ') || '—',
    };
  });
}
