import type { Clock, Timer } from '../clock/clock';

/** Named timers of one transaction, so each RFC timer can be (re)started and stopped by its letter. */
export function createTimerSet(clock: Clock) {
  const timers = new Map<string, Timer>();
  return {
    start(name: string, ms: number, fn: () => void): void {
      timers.get(name)?.cancel();
      timers.set(
        name,
        clock.setTimer(ms, () => {
          timers.delete(name);
          fn();
        }),
      );
    },
    stop(...names: string[]): void {
      for (const name of names) {
        timers.get(name)?.cancel();
        timers.delete(name);
      }
    },
    stopAll(): void {
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
    },
    has: (name: string): boolean => timers.has(name),
  };
}
