import { z } from '@hono/zod-openapi';
import { AppError } from '../../platform/errors/app-error';
import type { Granularity } from './compute-usage';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'must be a real date',
  );

export const UsageQuerySchema = z.object({
  from: Day.optional().openapi({ description: 'First UTC day, inclusive (default: 30 days before `to`)' }),
  to: Day.optional().openapi({ description: 'Last UTC day, inclusive (default: today)' }),
  granularity: z.enum(['day', 'month']).default('day'),
});

/** Longest range per granularity: a year of days, five years of months. */
const MAX_DAYS: Record<Granularity, number> = { day: 366, month: 1830 };

/** The query with its defaults, or a 422 problem naming the field when the range is backwards or too long. */
export function resolveUsageRange(query: z.infer<typeof UsageQuerySchema>) {
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from =
    query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  const fail = (path: string, message: string) =>
    new AppError('validation_failed', `${path}: ${message}`, { details: { errors: [{ path, message }] } });
  if (from > to) throw fail('from', 'must not be after `to`');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_DAYS[query.granularity])
    throw fail('from', `at most ${MAX_DAYS[query.granularity]} days with granularity=${query.granularity}`);
  return { from, to, granularity: query.granularity };
}
