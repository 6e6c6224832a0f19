import type { Clock, Timer } from './clock';

type Pending = { at: number; seq: number; fn: () => void; cancelled: boolean };

export type FakeClock = Clock & {
  /** Moves time forward, firing due timers in order (timers they set are honoured too). */
  advance(ms: number): void;
  /** Number of timers still waiting to fire. */
  pending(): number;
};

/** A deterministic clock for tests: nothing fires until advance() says time has passed. */
export function createFakeClock(start = 0): FakeClock {
  let now = start;
  let seq = 0;
  let timers: Pending[] = [];
  const setTimer = (ms: number, fn: () => void): Timer => {
    const timer: Pending = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
    timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  };
  const advance = (ms: number): void => {
    const target = now + ms;
    for (;;) {
      timers = timers.filter((t) => !t.cancelled);
      const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      now = due.at;
      due.cancelled = true;
      due.fn();
    }
    now = target;
  };
  return {
    now: () => now,
    setTimer,
    advance,
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
