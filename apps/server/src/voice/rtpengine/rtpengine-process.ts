import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Logger } from '../../platform/logging/logger.js';
import type { NgClient } from './ng-client.js';

export type RtpengineLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export type RtpengineProcessOptions = {
  binary: string;
  args: string[];
  /**
   * Working directory: relative `playMedia` file names resolve here, and a core
   * dump (rtpengine 10.5 has crashed at shutdown) lands here, not in the repo.
   */
  cwd: string;
  /** A client with short timeouts used only for readiness pings. */
  health: NgClient;
  logger: RtpengineLogger;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  restartDelayMs: { initial: number; max: number };
};

export type RtpengineProcessEvents = {
  /** rtpengine answers ping: after the first start and after every restart. */
  ready: [{ pid: number; restarts: number }];
  /** The child exited (also during stop). */
  exit: [{ pid: number; code: number | null; signal: NodeJS.Signals | null; expected: boolean }];
  /** A restart is scheduled after an unexpected exit. */
  restarting: [{ inMs: number; attempt: number }];
};

/** How long a process must stay up before a later crash restarts without the grown delay. */
const STABLE_AFTER_MS = 10_000;
const STDERR_TAIL_LINES = 20;
const PING_DELAY_MIN_MS = 10;
const PING_DELAY_MAX_MS = 250;

/**
 * One supervised rtpengine: spawn, wait until it answers ping, restart with
 * growing delays when it dies, stop with SIGTERM then SIGKILL.
 */
export class RtpengineProcess extends EventEmitter<RtpengineProcessEvents> {
  readonly #options: RtpengineProcessOptions;
  readonly #stderrTail: string[] = [];
  #child: ChildProcess | undefined;
  #stopping = false;
  /** Restarts only make sense once a first start succeeded; before, start() reports the failure. */
  #everReady = false;
  #restarts = 0;
  #failedRestarts = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #killOnExit = () => this.#child?.kill('SIGKILL');

  constructor(options: RtpengineProcessOptions) {
    super();
    this.#options = options;
  }

  /** The running child's pid, if any. */
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  /** Starts the child and resolves once it answers ping; rejects if it dies or stays silent. */
  async start(): Promise<void> {
    // If Node itself exits without stop(), do not leave rtpengine holding its ports.
    process.on('exit', this.#killOnExit);
    await this.#spawnAndWait();
  }

  async #spawnAndWait(): Promise<void> {
    const { binary, args, logger } = this.#options;
    const child = spawn(binary, args, { cwd: this.#options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child = child;
    const startedAt = Date.now();
    const exited = waitForExit(child);
    const spawnError = once(child, 'spawn').then(
      () => undefined,
      (error: Error) => error,
    );
    // After a successful spawn, 'error' only reports a failed kill(); log, never crash.
    child.on('error', (error) => logger.warn({ err: error }, 'rtpengine: child process error'));
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => this.#onLog(line));
    void exited.then(([code, signal]) => this.#onExit(child, startedAt, code, signal));

    const error = await spawnError;
    if (error) throw new Error(`rtpengine: could not start ${binary}: ${error.message}`, { cause: error });
    const pid = child.pid as number;
    logger.info({ pid, args }, 'rtpengine: started');
    const ready = await Promise.race([this.#waitForPing(child), exited.then(() => false)]);
    if (!ready) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw new Error(
        `rtpengine: did not become ready (pid ${pid}); last output:\n${this.#stderrTail.join('\n')}`,
      );
    }
    this.#everReady = true;
    logger.info({ pid, restarts: this.#restarts }, 'rtpengine: ready');
    this.emit('ready', { pid, restarts: this.#restarts });
  }

  /** Polls ping with a doubling delay, bounded by readyTimeoutMs. */
  async #waitForPing(child: ChildProcess): Promise<boolean> {
    const deadline = Date.now() + this.#options.readyTimeoutMs;
    let delay = PING_DELAY_MIN_MS;
    const running = () => child.exitCode === null && child.signalCode === null;
    while (Date.now() < deadline && this.#child === child && running() && !this.#stopping) {
      try {
        await this.#options.health.ping();
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, PING_DELAY_MAX_MS);
      }
    }
    return false;
  }

  #onLog(line: string): void {
    this.#stderrTail.push(line);
    if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.shift();
    // rtpengine logs every ng command at INFO; that is debug detail for us.
    const { logger } = this.#options;
    if (/^(ERR|CRIT|ALERT|EMERG)/.test(line)) logger.error({ rtpengine: line }, 'rtpengine');
    else if (line.startsWith('WARNING')) logger.warn({ rtpengine: line }, 'rtpengine');
    else if (line.startsWith('NOTICE')) logger.info({ rtpengine: line }, 'rtpengine');
    else logger.debug({ rtpengine: line }, 'rtpengine');
  }

  #onExit(child: ChildProcess, startedAt: number, code: number | null, signal: NodeJS.Signals | null): void {
    const pid = child.pid as number;
    const expected = this.#stopping;
    this.emit('exit', { pid, code, signal, expected });
    if (expected || !this.#everReady || this.#child !== child) return;
    if (Date.now() - startedAt >= STABLE_AFTER_MS) this.#failedRestarts = 0;
    this.#options.logger.error(
      { pid, code, signal, lastOutput: this.#stderrTail.slice(-5) },
      'rtpengine: exited unexpectedly; calls it carried have lost their media',
    );
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#restartTimer) return; // both a failed spawn and its exit may ask
    const { initial, max } = this.#options.restartDelayMs;
    const inMs = Math.min(initial * 2 ** this.#failedRestarts, max);
    this.#failedRestarts += 1;
    this.#options.logger.warn({ restartInMs: inMs, attempt: this.#failedRestarts }, 'rtpengine: restarting');
    this.emit('restarting', { inMs, attempt: this.#failedRestarts });
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#stopping) return;
      this.#restarts += 1;
      this.#spawnAndWait().catch((error: Error) => {
        this.#options.logger.error({ err: error }, 'rtpengine: restart failed');
        // A child that ran but never answered was killed, and its exit schedules the
        // next try; one that never spawned (binary gone) has no exit, so retry here.
        if (this.#child?.pid === undefined && !this.#stopping) this.#scheduleRestart();
      });
    }, inMs);
  }

  /** SIGTERM, then SIGKILL after stopTimeoutMs; resolves once the child is gone. */
  async stop(): Promise<void> {
    this.#stopping = true;
    process.off('exit', this.#killOnExit);
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    const child = this.#child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.#options.logger.warn({ pid: child.pid }, 'rtpengine: no exit after SIGTERM; sending SIGKILL');
      child.kill('SIGKILL');
    }, this.#options.stopTimeoutMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

function waitForExit(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
}
