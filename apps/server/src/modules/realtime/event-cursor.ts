import { newId } from '../../platform/db/ids';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Event ids (`evt_` + 10 chars of milliseconds + 16 random): a valid resume cursor. */
export const CURSOR_PATTERN = /^evt_[0-9a-hjkmnp-tv-z]{26}$/;

/** The creation time (ms) written in an event id. */
export function timeOfEventId(id: string): number {
  let t = 0;
  for (const char of id.slice(4, 14)) t = t * 32 + ALPHABET.indexOf(char);
  return t;
}

/** The smallest id an event created at `ms` can have: `id > floor` means "created at or after ms". */
export function eventIdFloor(ms: number): string {
  return newId('evt', Math.max(0, ms)).slice(0, 14);
}
