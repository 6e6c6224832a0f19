import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';

/** A free UDP port on 127.0.0.1 (bound, then released: briefly racy, fine for one test run). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A free even UDP port whose odd neighbour (RTCP) is free too, for a media endpoint. */
export async function freeMediaPort(): Promise<number> {
  for (;;) {
    const port = await freeUdpPort();
    if (port % 2 !== 0 || port > 65_000) continue;
    const rtcp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      rtcp.once('error', () => resolve(false));
      rtcp.bind(port + 1, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => rtcp.close(() => resolve())).catch(() => {});
    if (free) return port;
  }
}

export type Tracked = ChildProcess & { output(): string };

/** Every child a suite starts, so afterAll can stop them even when a test failed half-way. */
export class ProcessGroup {
  readonly #children = new Set<Tracked>();

  spawn(command: string, args: string[], options: { cwd: string; stdin?: boolean }): Tracked {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      // sipp repaints its screen continuously; the tail is what explains a failure.
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const tracked = Object.assign(child, { output: () => output });
    this.#children.add(tracked);
    child.once('exit', () => this.#children.delete(tracked));
    return tracked;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#children].map((child) => stopProcess(child)));
  }
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The exit code, or a rejection with the process's output once `timeoutMs` passes. */
export async function exitCodeOf(child: Tracked, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit', { signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
    throw new Error(`process did not exit within ${timeoutMs} ms:\n${child.output()}`);
  })) as [number | null];
  return code;
}

/** Resolves when the process's output matches `pattern`; rejects on exit or timeout. */
export function waitForOutput(child: Tracked, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(child.output())) return;
      done();
      resolve();
    };
    const onExit = () => {
      done();
      reject(new Error(`process exited before printing ${pattern}:\n${child.output()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${child.output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}
