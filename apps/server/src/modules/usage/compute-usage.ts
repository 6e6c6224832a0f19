import { and, eq, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { calls } from '../calls/calls.schema';
import { dailyUsage } from '../messages/messages.schema';

export type Granularity = 'day' | 'month';
export type Money = { amountMicros: number; currency: string };
export type CallUsage = {
  direction: string;
  count: number;
  answered: number;
  billableSeconds: number;
  /** Each leg's billable seconds rounded up to the minute, summed (how per-minute carriers bill). */
  minutes: number;
  /** One entry per currency the legs were priced in; empty when none was priced (unanswered). */
  cost: Money[];
};
export type MessageUsage = {
  channel: string;
  direction: string;
  count: number;
  segments: number;
  cost: Money;
};
export type UsagePeriod = { period: string; calls: CallUsage[]; messages: MessageUsage[] };
export type TenantUsagePeriod = UsagePeriod & { tenantId: string };

export type UsageQuery = {
  /** Absent: every tenant (platform admins). */
  tenantId?: string;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string;
  to: string;
  granularity: Granularity;
};

const FORMAT: Record<Granularity, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM' };
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Usage per tenant and UTC period, computed when asked with SQL aggregates: calls from the CDRs
 * (`calls`, one row per leg, bucketed by creation time), messages from the per-day counters the
 * messages module keeps as it sends and receives (`daily_usage`, the same numbers as
 * `/v1/usage/messages`). No rollup table of our own: see docs/voice.md "Usage" for the measurement.
 */
export async function computeUsage(db: Db, query: UsageQuery): Promise<TenantUsagePeriod[]> {
  // Inlined, not parameters: GROUP BY must repeat the select's expression exactly, and two
  // placeholders ($1, $7) are different expressions to PostgreSQL. Both come from a closed enum.
  const unit = sql.raw(`'${query.granularity}'`);
  const format = sql.raw(`'${FORMAT[query.granularity]}'`);
  const callPeriod = sql<string>`to_char(date_trunc(${unit}, ${calls.createdAt} at time zone 'UTC'), ${format})`;
  const callWhere: SQL[] = [
    gte(calls.createdAt, new Date(`${query.from}T00:00:00Z`)),
    lt(calls.createdAt, new Date(`${nextDay(query.to)}T00:00:00Z`)),
  ];
  if (query.tenantId) callWhere.push(eq(calls.tenantId, query.tenantId));
  const callRows = await db
    .select({
      tenantId: calls.tenantId,
      period: callPeriod,
      direction: calls.direction,
      currency: calls.currency,
      count: sql<number>`count(*)::int`,
      answered: sql<number>`count(${calls.answeredAt})::int`,
      billableSeconds: sql<number>`coalesce(sum(${calls.billableSeconds}), 0)::int`,
      minutes: sql<number>`coalesce(sum(ceil(${calls.billableSeconds} / 60.0)), 0)::int`,
      costMicros: sql<number>`coalesce(sum(${calls.costMicros}), 0)::bigint`,
    })
    .from(calls)
    .where(and(...callWhere))
    .groupBy(calls.tenantId, callPeriod, calls.direction, calls.currency);

  const messagePeriod = sql<string>`to_char(date_trunc(${unit}, ${dailyUsage.day}::timestamp), ${format})`;
  const messageWhere: SQL[] = [gte(dailyUsage.day, query.from), lte(dailyUsage.day, query.to)];
  if (query.tenantId) messageWhere.push(eq(dailyUsage.tenantId, query.tenantId));
  const messageRows = await db
    .select({
      tenantId: dailyUsage.tenantId,
      period: messagePeriod,
      channel: dailyUsage.channel,
      direction: dailyUsage.direction,
      currency: dailyUsage.currency,
      count: sql<number>`sum(${dailyUsage.messages})::int`,
      segments: sql<number>`sum(${dailyUsage.segments})::int`,
      costMicros: sql<number>`sum(${dailyUsage.costMicros})::bigint`,
    })
    .from(dailyUsage)
    .where(and(...messageWhere))
    .groupBy(
      dailyUsage.tenantId,
      messagePeriod,
      dailyUsage.channel,
      dailyUsage.direction,
      dailyUsage.currency,
    );

  const periods = new Map<string, TenantUsagePeriod>();
  const periodOf = (tenantId: string, period: string) => {
    const key = `${tenantId} ${period}`;
    const entry = periods.get(key) ?? { tenantId, period, calls: [], messages: [] };
    periods.set(key, entry);
    return entry;
  };
  for (const row of callRows) {
    const entry = periodOf(row.tenantId, row.period);
    let usage = entry.calls.find((c) => c.direction === row.direction);
    if (!usage) {
      usage = { direction: row.direction, count: 0, answered: 0, billableSeconds: 0, minutes: 0, cost: [] };
      entry.calls.push(usage);
    }
    usage.count += row.count;
    usage.answered += row.answered;
    usage.billableSeconds += row.billableSeconds;
    usage.minutes += row.minutes;
    if (row.currency) usage.cost.push({ amountMicros: Number(row.costMicros), currency: row.currency });
  }
  for (const row of messageRows) {
    periodOf(row.tenantId, row.period).messages.push({
      channel: row.channel,
      direction: row.direction,
      count: row.count,
      segments: row.segments,
      cost: { amountMicros: Number(row.costMicros), currency: row.currency },
    });
  }
  const sorted = [...periods.values()].sort(
    (a, b) => a.tenantId.localeCompare(b.tenantId) || a.period.localeCompare(b.period),
  );
  for (const entry of sorted) {
    entry.calls.sort((a, b) => a.direction.localeCompare(b.direction));
    entry.messages.sort((a, b) => `${a.channel} ${a.direction}`.localeCompare(`${b.channel} ${b.direction}`));
  }
  return sorted;
}

/** Every period label from `from` to `to` (inclusive), so a tenant's report shows empty days too. */
export function periodsBetween(from: string, to: string, granularity: Granularity): string[] {
  const labels: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) {
    const label = granularity === 'day' ? day : day.slice(0, 7);
    if (labels.at(-1) !== label) labels.push(label);
  }
  return labels;
}
