// Profiling preload for benchmarks: `NODE_OPTIONS="--import <this file>" BENCH_PROFILE=<dir>`.
// Does nothing until the process gets SIGUSR2; the first SIGUSR2 starts a CPU profile (V8's sampling
// profiler, as --cpu-prof) and starts counting SQL statements with their round-trip times; the next
// one stops both and writes <dir>/<pid>-<n>.cpuprofile and <dir>/<pid>-<n>.sql.json. So a benchmark
// profiles exactly its measured phase, not the process start-up or the tenant set-up.
// Plain JavaScript so that it loads before tsx, in the bench runner and in the IRIS server alike.
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE;
if (dir) {
  const require = createRequire(import.meta.url);
  /** statement text (numbers and literals left as they are: they are parameterised) → count, ms */
  let statements = new Map();
  let transactions = { count: 0, ms: 0 };
  let recording = false;
  let segment = 0;
  let started = { at: 0, cpu: process.cpuUsage() };

  const record = (text, ms) => {
    if (!recording) return;
    const key = String(text ?? '?')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 160);
    const entry = statements.get(key) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += ms;
    statements.set(key, entry);
  };
  const timed = (text, run) => {
    const t0 = performance.now();
    const result = run();
    if (result && typeof result.then === 'function')
      result.then(
        () => record(text, performance.now() - t0),
        () => record(text, performance.now() - t0),
      );
    return result;
  };

  // node-postgres: every statement (Drizzle's, pg-boss's, BEGIN/COMMIT) goes through Client#query.
  try {
    const pg = require('pg');
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (config, values, callback) {
      const text = typeof config === 'string' ? config : config?.text;
      const cb = typeof values === 'function' ? values : callback;
      if (typeof cb === 'function') {
        const t0 = performance.now();
        const wrapped = (...args) => {
          record(text, performance.now() - t0);
          return cb(...args);
        };
        return typeof values === 'function'
          ? query.call(this, config, wrapped)
          : query.call(this, config, values, wrapped);
      }
      return timed(text, () => query.call(this, config, values));
    };
  } catch {
    // pg not installed where this runs
  }

  // PGlite: query/exec on the instance and on the transaction object it hands to callbacks.
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const wrap = (target, name) => {
      const original = target[name];
      target[name] = function (text, ...rest) {
        return timed(text, () => original.call(this, text, ...rest));
      };
    };
    wrap(PGlite.prototype, 'query');
    wrap(PGlite.prototype, 'exec');
    const transaction = PGlite.prototype.transaction;
    PGlite.prototype.transaction = function (callback) {
      const t0 = performance.now();
      const result = transaction.call(this, (tx) => {
        wrap(tx, 'query');
        wrap(tx, 'exec');
        return callback(tx);
      });
      result.finally(() => {
        if (!recording) return;
        transactions.count += 1;
        transactions.ms += performance.now() - t0;
      });
      return result;
    };
  } catch {
    // PGlite not installed where this runs
  }

  const session = new Session();
  session.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');

  const toggle = async () => {
    if (!recording) {
      statements = new Map();
      transactions = { count: 0, ms: 0 };
      started = { at: performance.now(), cpu: process.cpuUsage() };
      recording = true;
      await post('Profiler.start');
      return;
    }
    recording = false;
    const { profile } = await post('Profiler.stop');
    segment += 1;
    const base = join(dir, `${process.pid}-${segment}`);
    writeFileSync(`${base}.cpuprofile`, JSON.stringify(profile));
    const cpu = process.cpuUsage(started.cpu);
    const sorted = [...statements].sort((a, b) => b[1].ms - a[1].ms);
    // Written under another name then renamed: the benchmark waits for this file to appear whole.
    writeFileSync(
      `${base}.sql.tmp`,
      JSON.stringify(
        {
          wallMs: performance.now() - started.at,
          cpuMs: (cpu.user + cpu.system) / 1000,
          statements: sorted.reduce((n, [, s]) => n + s.count, 0),
          pgliteTransactions: transactions,
          byStatement: sorted.map(([text, s]) => ({ text, count: s.count, ms: Math.round(s.ms) })),
        },
        null,
        2,
      ),
    );
    renameSync(`${base}.sql.tmp`, `${base}.sql.json`);
    process.stderr.write(`profile written: ${base}.cpuprofile\n`);
  };
  process.on('SIGUSR2', toggle);
  // In the same process a signal would wait for the event loop's next turn, which a loop of
  // microtasks (PGlite's queries) may not give for seconds: the benchmark calls this directly.
  globalThis.__benchProfileToggle = toggle;
}
