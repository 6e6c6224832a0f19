/**
 * Polls an assertion until it holds — for state that lives in another system (a database row written
 * by a job) and offers no event to await. Bounded: fails with the last error when time runs out.
 */
export async function waitFor<T>(
  check: () => Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
    }
  }
}
