import { z } from '@hono/zod-openapi';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * One opening interval on a weekday (0 = Sunday), local wall time. An `end` at or before `start`
 * runs past midnight into the next day (a 22:00–06:00 night shift belongs to the day it starts).
 */
export const OpeningSchema = z.object({
  day: z.number().int().min(0).max(6),
  start: z.string().regex(TIME, 'must be HH:MM'),
  end: z.string().regex(TIME, 'must be HH:MM (24:00 for midnight)'),
});
export type Opening = z.infer<typeof OpeningSchema>;
export type BusinessHours = Opening[];

export type BusinessCalendar = {
  timeZone: string;
  /** Empty: the clock runs around the clock (holidays then do not apply either). */
  hours: BusinessHours;
  holidays: string[];
};

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall clock at `instant`, as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instant)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * The instant at which the zone's clocks show this wall time. A time skipped by a spring-forward
 * gap maps to the instant after the gap; a repeated autumn time maps to its first occurrence.
 */
export function zonedToInstant(wall: number, timeZone: string): number {
  const offsetAt = (instant: number) => wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;
  // The offsets in force a day around the guess: the right instant uses one of them.
  const candidates = [offsetAt(wall - 86_400_000), offsetAt(wall), offsetAt(wall + 86_400_000)]
    .map((offset) => wall - offset)
    .filter((instant, i, all) => all.indexOf(instant) === i)
    .sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallClock(instant, timeZone) === wall);
  if (exact !== undefined) return exact;
  // In a spring-forward gap the wall time never shows: read it with the offset before the gap
  // (02:30 becomes 03:30), as Temporal's `compatible` disambiguation does.
  return candidates.at(-1)!;
}

const DAY = 86_400_000;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const isoDate = (wallDay: number) => new Date(wallDay).toISOString().slice(0, 10);

/** The opening intervals (UTC instants) that start on the local date `wallDay` (midnight, as UTC ms). */
function intervalsOn(wallDay: number, calendar: BusinessCalendar): [number, number][] {
  if (calendar.holidays.includes(isoDate(wallDay))) return [];
  const weekday = new Date(wallDay).getUTCDay();
  return calendar.hours
    .filter((opening) => opening.day === weekday)
    .map((opening): [number, number] => {
      const start = minutesOf(opening.start);
      let end = minutesOf(opening.end);
      if (end <= start) end += 24 * 60;
      return [
        zonedToInstant(wallDay + start * 60_000, calendar.timeZone),
        zonedToInstant(wallDay + end * 60_000, calendar.timeZone),
      ];
    })
    .sort((a, b) => a[0] - b[0]);
}

/**
 * When `minutes` of business time will have passed after `start`: the clock runs only inside
 * opening intervals, in the calendar's time zone, and stops on holidays. Overlapping intervals
 * count once. Throws when the calendar never opens within two years.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (calendar.hours.length === 0) return new Date(start.getTime() + minutes * 60_000);
  let remaining = minutes * 60_000;
  let cursor = start.getTime();
  const startWall = wallClock(cursor, calendar.timeZone);
  // The day before too: its overnight interval may still be open at `start`.
  let day = Math.floor(startWall / DAY) * DAY - DAY;
  for (let i = 0; i < 800; i++, day += DAY) {
    for (const [open, close] of intervalsOn(day, calendar)) {
      if (close <= cursor) continue;
      const from = Math.max(open, cursor);
      if (close - from >= remaining) return new Date(from + remaining);
      remaining -= close - from;
      cursor = close;
    }
  }
  throw new RangeError('the business calendar has no opening hours within two years');
}

/** Whether the calendar is open at `instant` (inside an interval, not on a holiday). */
export function isOpenAt(instant: Date, calendar: BusinessCalendar): boolean {
  if (calendar.hours.length === 0) return true;
  const t = instant.getTime();
  const day = Math.floor(wallClock(t, calendar.timeZone) / DAY) * DAY;
  return [day - DAY, day].some((d) =>
    intervalsOn(d, calendar).some(([open, close]) => t >= open && t < close),
  );
}
