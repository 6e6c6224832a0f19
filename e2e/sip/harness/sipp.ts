import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeOf, freeMediaPort, freeUdpPort, type ProcessGroup, type Tracked } from './processes';

export const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');
export const PCAPS = '/usr/share/sip-tester';

export type SippOptions = {
  /** A built-in scenario (`uac`, `uas`) or an XML file name in e2e/sip/scenarios. */
  scenario: string;
  /** Working directory: sipp writes its error logs there. */
  dir: string;
  /** host:port to call (UAC scenarios). */
  remote?: string;
  /** Request-URI user part (sipp's -s). */
  service?: string;
  /** Calls before sipp exits (-m); 0 runs until stopped. Default 1. */
  calls?: number;
  extraArgs?: string[];
  /** sipp gives up (and exits non-zero) after this long. */
  timeoutSeconds?: number;
};

export type SippRun = {
  child: Tracked;
  port: number;
  mediaPort: number;
  /** Waits for sipp to finish and throws with its output and error log unless it exited 0. */
  succeeded(timeoutMs?: number): Promise<void>;
  /** Exit code (sipp: 0 all calls succeeded, 1 some failed), bounded by `timeoutMs`. */
  exitCode(timeoutMs?: number): Promise<number | null>;
};

/** sipp's built-in UAS without its closing 4 s timewait, so tests do not wait on it. */
export function writeBuiltinUas(dir: string): string {
  const xml = spawnSync('sipp', ['-sd', 'uas'], { encoding: 'utf8' }).stdout.replace(/<timewait[^>]*>/, '');
  const file = join(dir, 'builtin-uas.xml');
  writeFileSync(file, xml);
  return file;
}

export async function startSipp(group: ProcessGroup, options: SippOptions): Promise<SippRun> {
  const [port, mediaPort] = [await freeUdpPort(), await freeMediaPort()];
  const { scenario } = options;
  const scenarioArgs = ['uac', 'uas'].includes(scenario)
    ? ['-sn', scenario]
    : ['-sf', scenario.startsWith('/') ? scenario : join(SCENARIOS, scenario)];
  const args = [
    ...scenarioArgs,
    ...(options.remote ? [options.remote] : []),
    ...(options.service ? ['-s', options.service] : []),
    ...['-i', '127.0.0.1', '-p', String(port), '-mp', String(mediaPort), '-t', 'u1'],
    ...(options.calls === 0 ? [] : ['-m', String(options.calls ?? 1)]),
    ...['-nostdin', '-trace_err'],
    ...['-timeout', `${options.timeoutSeconds ?? 30}s`, '-timeout_error'],
    ...(options.extraArgs ?? []),
  ];
  const child = group.spawn('sipp', args, { cwd: options.dir });
  const exitCode = (timeoutMs = 40_000) => exitCodeOf(child, timeoutMs);
  return {
    child,
    port,
    mediaPort,
    exitCode,
    async succeeded(timeoutMs = 40_000) {
      const code = await exitCode(timeoutMs);
      if (code !== 0) {
        throw new Error(
          `sipp ${scenario} exited ${code}:\n${child.output().slice(-3000)}\n${errorLogs(options.dir)}`,
        );
      }
    },
  };
}

function errorLogs(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((name) => name.endsWith('_errors.log'))
    .map((name) => `${name}:\n${readFileSync(join(dir, name), 'utf8').slice(-3000)}`)
    .join('\n');
}
