import type { voiceTrunks } from '../../modules/trunks/trunks.schema';
import type { RateLimitStore } from '../../platform/rate-limit/rate-limit-store';

/**
 * Waits for the trunk's calls-per-second budget (a token bucket shared by every voice node through
 * the rate-limit store, Redis when scaled out). Excess calls wait their turn; none is dropped.
 */
export async function takeCpsToken(
  store: RateLimitStore,
  trunk: Pick<typeof voiceTrunks.$inferSelect, 'id' | 'cpsLimit'>,
  signal?: AbortSignal,
): Promise<void> {
  const bucket = { capacity: trunk.cpsLimit, refillPerSecond: trunk.cpsLimit };
  for (;;) {
    const state = await store.take(`voice-cps:${trunk.id}`, bucket);
    if (state.allowed || signal?.aborted) return;
    // A token comes back every 1/cps seconds; retryAfterSeconds is rounded up to whole seconds.
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(1000 / trunk.cpsLimit)));
  }
}
