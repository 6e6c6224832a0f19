// `npm run bench`: every benchmark with small defaults, one after another (they would only measure
// each other if run together on two cores), timing each and the whole run; writes
// bench/results/run-all-<time>.json. With DATABASE_URL set, send runs on the embedded default and on
// PostgreSQL, webhooks and inbound-to-agent on PostgreSQL (each in a database of its own, dropped
// afterwards); without it, everything runs on the embedded default.
// `--profile`: every IRIS process also records a CPU profile and SQL statement counts of each
// measured phase into .tmp/bench-profiles/ (gitignored) and prints a summary (see lib/profile.ts).
// Names after the options run only those benchmarks: `npm run bench -- --profile send webhooks`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { printTable, writeResult } from './lib/report';

const here = (path: string) => new URL(path, import.meta.url).pathname;
const profile = process.argv.includes('--profile');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const postgres = Boolean(process.env.DATABASE_URL);

type Bench = { name: string; args: string[]; profiled?: boolean };
const benches: Bench[] = [
  { name: 'http', args: ['http.ts', '5', '50'], profiled: true },
  // send runs on the embedded default and, when DATABASE_URL is set, on PostgreSQL too, in one process.
  { name: 'send', args: ['send.ts', '5', '20', '300'], profiled: true },
  { name: 'sip', args: ['sip.ts', '2000', '50', '300'] },
  // These two run on PostgreSQL when DATABASE_URL is set, else on the embedded default.
  { name: 'webhooks', args: ['webhooks.ts', '500', '5', '10'], profiled: true },
  { name: 'inbound-to-agent', args: ['inbound-to-agent/index.ts', '200', '4'], profiled: true },
];
// Conferences bring their own benchmark when that work lands (bench/conference/).
if (existsSync(here('conference/index.ts')))
  benches.push({ name: 'conference', args: ['conference/index.ts', '5', '4'] });

const profileDir = here('../.tmp/bench-profiles/');
if (profile) mkdirSync(profileDir, { recursive: true });

function run(bench: Bench): Promise<number> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (profile && bench.profiled) {
    env.BENCH_PROFILE = profileDir;
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${here('lib/profile-hook.mjs')}`.trim();
  }
  const tsx = here('../node_modules/.bin/tsx');
  const child = spawn(existsSync(tsx) ? tsx : 'tsx', bench.args, { cwd: here('.'), env, stdio: 'inherit' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

const rows: Record<string, string | number>[] = [];
const started = performance.now();
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.name.startsWith(o))) continue;
  const load = loadavg()[0]!.toFixed(2);
  const t0 = performance.now();
  console.log(`\n##### ${bench.name}: tsx ${bench.args.join(' ')} (load average ${load})`);
  const code = await run(bench);
  rows.push({
    benchmark: bench.name,
    command: `tsx ${bench.args.join(' ')}`,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    loadBefore: load,
    loadAfter: loadavg()[0]!.toFixed(2),
    exit: code,
  });
}
const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
printTable(`npm run bench: ${totalSeconds} s in all${postgres ? ' (PostgreSQL too)' : ''}`, rows);
writeResult('run-all', { totalSeconds, postgres, profile, benchmarks: rows });
if (profile && existsSync(`${profileDir}index.tsv`))
  console.log(`profiles:\n${readFileSync(`${profileDir}index.tsv`, 'utf8')}`);
if (rows.some((r) => r.exit !== 0)) process.exit(1);
