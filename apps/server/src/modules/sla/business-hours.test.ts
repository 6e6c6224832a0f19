import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  isOpenAt,
  isValidTimeZone,
  zonedToInstant,
} from './business-hours';

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const everyDay = (start: string, end: string) => [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start, end }));
const at = (iso: string) => new Date(iso);
const add = (start: string, minutes: number, calendar: BusinessCalendar) =>
  addBusinessMinutes(at(start), minutes, calendar).toISOString();

describe('business hours', () => {
  it('runs around the clock without opening hours', () => {
    const calendar = { timeZone: 'Europe/Paris', hours: [], holidays: ['2026-01-05'] };
    expect(add('2026-01-02T16:00:00Z', 90, calendar)).toBe('2026-01-02T17:30:00.000Z');
  });

  it('stops at closing time and resumes at the next opening, in the zone of the policy', () => {
    const paris = { timeZone: 'Europe/Paris', hours: weekdays('09:00', '17:00'), holidays: [] };
    // Friday 16:00 in Paris (UTC+1 in January): one hour on Friday, one on Monday from 09:00.
    expect(add('2026-01-02T15:00:00Z', 120, paris)).toBe('2026-01-05T09:00:00.000Z');
    // Started before opening: the clock starts at 09:00.
    expect(add('2026-01-06T05:00:00Z', 30, paris)).toBe('2026-01-06T08:30:00.000Z');
    // Exactly the time left today ends at closing time.
    expect(add('2026-01-06T15:00:00Z', 60, paris)).toBe('2026-01-06T16:00:00.000Z');
  });

  it('skips holidays (local dates)', () => {
    const paris = { timeZone: 'Europe/Paris', hours: weekdays('09:00', '17:00'), holidays: ['2026-01-05'] };
    expect(add('2026-01-02T15:00:00Z', 120, paris)).toBe('2026-01-06T09:00:00.000Z');
  });

  it('counts real minutes across the spring-forward change (America/New_York, 8 March 2026)', () => {
    const ny = { timeZone: 'America/New_York', hours: everyDay('09:00', '17:00'), holidays: [] };
    // Saturday 16:00 EST = 21:00Z; one hour left; Sunday opens 09:00 EDT = 13:00Z.
    expect(add('2026-03-07T21:00:00Z', 120, ny)).toBe('2026-03-08T14:00:00.000Z');
  });

  it('counts a night shift that spans the autumn change at its real length (Europe/London, 25 October 2026)', () => {
    const london = {
      timeZone: 'Europe/London',
      hours: [{ day: 6, start: '22:00', end: '06:00' }],
      holidays: [],
    };
    // Saturday 22:00 BST = 21:00Z to Sunday 06:00 GMT = 06:00Z is nine hours, not eight.
    expect(add('2026-10-24T21:00:00Z', 540, london)).toBe('2026-10-25T06:00:00.000Z');
    // One minute more waits for next Saturday 22:00 GMT.
    expect(add('2026-10-24T21:00:00Z', 541, london)).toBe('2026-10-31T22:01:00.000Z');
  });

  it('handles overnight intervals that are already open at the start', () => {
    const utc = { timeZone: 'UTC', hours: [{ day: 1, start: '22:00', end: '06:00' }], holidays: [] };
    // Tuesday 01:00 is inside Monday's night shift.
    expect(add('2026-01-06T01:00:00Z', 60, utc)).toBe('2026-01-06T02:00:00.000Z');
    // Tuesday 05:30: half an hour now, the rest next Monday night.
    expect(add('2026-01-06T05:30:00Z', 60, utc)).toBe('2026-01-12T22:30:00.000Z');
    expect(isOpenAt(at('2026-01-06T05:59:00Z'), utc)).toBe(true);
    expect(isOpenAt(at('2026-01-06T06:00:00Z'), utc)).toBe(false);
  });

  it('counts overlapping intervals once', () => {
    const utc = {
      timeZone: 'UTC',
      hours: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '11:00', end: '13:00' },
      ],
      holidays: [],
    };
    // 09:00–13:00 is four hours, not five.
    expect(add('2026-01-05T09:00:00Z', 240, utc)).toBe('2026-01-05T13:00:00.000Z');
    expect(add('2026-01-05T09:00:00Z', 241, utc)).toBe('2026-01-12T09:01:00.000Z');
  });

  it('maps wall times to instants through gaps and repeats', () => {
    // 02:30 does not exist in New York on 8 March 2026: read with the winter offset (03:30 EDT).
    expect(new Date(zonedToInstant(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice on 1 November 2026: the first one (EDT).
    expect(new Date(zonedToInstant(Date.UTC(2026, 10, 1, 1, 30), 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('refuses a calendar that never opens', () => {
    const closed = { timeZone: 'UTC', hours: [{ day: 1, start: '09:00', end: '17:00' }], holidays: [] };
    const allMondays = Array.from({ length: 120 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 5) + i * 7 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(() =>
      addBusinessMinutes(at('2026-01-05T00:00:00Z'), 10, { ...closed, holidays: allMondays }),
    ).toThrow(/no opening hours/);
  });
});
