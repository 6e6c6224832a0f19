import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeProfile } from './summarize-profile';

/**
 * Set BENCH_PROFILE=<dir> and NODE_OPTIONS="--import <bench>/lib/profile-hook.mjs" (the
 * `bench:profile` script does both) to profile each benchmark's measured phase in the process that
 * does the work: a CPU profile plus SQL statement counts, summarised per unit of work.
 */
const dir = process.env.BENCH_PROFILE;
const segments = new Map<number, number>();

/** Runs `measure`, profiling process `pid` (the server) while it runs; `units` is its work done. */
export async function profilePhase<T>(
  label: string,
  pid: number,
  measure: () => Promise<T>,
  unitsOf: (result: T) => number,
): Promise<T> {
  if (!dir) return measure();
  const self = (globalThis as { __benchProfileToggle?: () => Promise<void> }).__benchProfileToggle;
  const toggle = async () => (pid === process.pid && self ? self() : process.kill(pid, 'SIGUSR2'));
  await toggle();
  const result = await measure();
  await toggle();
  const segment = (segments.get(pid) ?? 0) + 1;
  segments.set(pid, segment);
  const base = join(dir, `${pid}-${segment}`);
  // Another process writes the profile when it gets the signal: nothing to await but the file.
  const deadline = Date.now() + 60_000;
  while (!existsSync(`${base}.sql.json`) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const units = unitsOf(result);
  appendFileSync(join(dir, 'index.tsv'), `${label}\t${base}\t${units}\n`);
  console.log(`\n=== profile: ${label} ===\n${summarizeProfile(base, units)}\n`);
  return result;
}
