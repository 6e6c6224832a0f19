export type Timer = { cancel(): void };

/**
 * Time source for every protocol timer. Transactions never call setTimeout directly, so tests can
 * drive RFC 3261 timers A–M with a fake clock instead of waiting for them.
 */
export type Clock = {
  now(): number;
  setTimer(ms: number, fn: () => void): Timer;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, ms);
    // Protocol timers alone must not keep a process alive; open sockets do that.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
