/**
 * The wait before the next attempt after `attemptsSoFar` failures, from the configured schedule
 * (WEBHOOK_RETRY_DELAYS_SECONDS), with ±20 % jitter so retries of many deliveries spread out;
 * null when the schedule is spent and the delivery fails.
 */
export function nextRetryDelayMs(
  schedule: number[],
  attemptsSoFar: number,
  random = Math.random,
): number | null {
  const base = schedule[attemptsSoFar - 1];
  if (base === undefined) return null;
  return Math.round(base * 1000 * (0.8 + random() * 0.4));
}

/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_FAILING_ENDPOINT_AFTER_MS = 5 * 86_400_000;
