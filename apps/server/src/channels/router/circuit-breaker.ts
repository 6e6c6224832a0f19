export type BreakerState = 'closed' | 'open' | 'half_open';
export type BreakerOptions = { failureThreshold: number; cooldownMs: number; now?: () => number };

/**
 * One provider's health as this process sees it. Opens after `failureThreshold` consecutive
 * retryable failures; after `cooldownMs` it lets exactly one probe through (half-open): a success
 * closes it, a failure opens it for another cool-down.
 */
export function createCircuitBreaker(options: BreakerOptions) {
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  return {
    /** What the providers page shows: state, the current run of failures, when it last opened. */
    snapshot() {
      return { state: this.state(), failures, openedAt: openedAt ? new Date(openedAt) : null };
    },
    state(): BreakerState {
      if (state === 'open' && now() - openedAt >= options.cooldownMs) return 'half_open';
      return state;
    },
    /** Whether a send may go to this provider now; in half-open, claims the single probe. */
    tryAcquire(): boolean {
      const current = this.state();
      if (current === 'closed') return true;
      if (current === 'open' || probing) return false;
      probing = true;
      state = 'half_open';
      return true;
    },
    onSuccess() {
      state = 'closed';
      failures = 0;
      probing = false;
    },
    /** A retryable failure (permanent ones say nothing about the provider's health). */
    onFailure() {
      failures++;
      if (probing || failures >= options.failureThreshold) {
        state = 'open';
        openedAt = now();
        probing = false;
      }
    },
    /**
     * A permanent error (bad number, rejected content): the provider answered, so it is up — the
     * run of consecutive failures ends, and a probe that got this far closes the circuit.
     */
    onNeutral() {
      failures = 0;
      if (probing) {
        probing = false;
        state = 'closed';
      }
    },
  };
}
export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
