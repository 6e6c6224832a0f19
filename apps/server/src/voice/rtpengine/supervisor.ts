import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type DtmfListener, listenForDtmfEvents } from './dtmf-events.js';
import { pickFreeUdpPort } from './free-port.js';
import type { MediaControl, MediaUnavailable } from './media-control.js';
import { createNgClient } from './ng-client.js';
import type { NgHost } from './ng-hosts.js';
import type { NgTransportOptions } from './ng-transport.js';
import { buildRtpengineArgs, findRtpengineBinary } from './rtpengine-args.js';
import { type RtpengineLogger, RtpengineProcess } from './rtpengine-process.js';

export type StartRtpengineOptions = {
  /** Default: Debian's /usr/bin/rtpengine, then /usr/sbin/rtpengine. */
  binaryPath?: string;
  /** Media interface, as rtpengine's `--interface` (`IP`, `NAME/IP`, `IP!ADVERTISED`). */
  interface: string;
  /** Recordings go to `<dataDir>/recordings`. */
  dataDir: string;
  /** RTP/RTCP port range rtpengine allocates from. */
  portMin: number;
  portMax: number;
  logger: RtpengineLogger;
  /** Address of the ng control socket and the DTMF listener; default 127.0.0.1. */
  controlAddress?: string;
  /** ng control port; default: a free one. */
  ngPort?: number;
  extraArgs?: string[];
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  restartDelayMs?: { initial: number; max: number };
  ng?: NgTransportOptions;
};

export type LocalMediaControl = MediaControl & {
  mode: 'local';
  process: RtpengineProcess;
  ngHost: NgHost;
  recordingDir: string;
};

/** A free port can be taken between our check and rtpengine's bind; try a few. */
const START_ATTEMPTS = 3;

/**
 * Starts and supervises a local rtpengine. Resolves `unavailable` when no binary
 * is installed, so the voice role can carry on with signalling only.
 */
export async function startRtpengine(
  options: StartRtpengineOptions,
): Promise<LocalMediaControl | MediaUnavailable> {
  if (!Number.isInteger(options.portMin) || options.portMin < 1 || options.portMax < options.portMin) {
    throw new Error(`rtpengine: invalid RTP port range ${options.portMin}-${options.portMax}`);
  }
  const binary = await findRtpengineBinary(options.binaryPath);
  if (!binary) {
    const reason = options.binaryPath
      ? `rtpengine binary ${options.binaryPath} is missing or not executable`
      : 'rtpengine is not installed (apt-get install rtpengine-daemon)';
    options.logger.warn({ reason }, 'rtpengine: unavailable; no media for calls');
    return { status: 'unavailable', reason };
  }

  const controlAddress = options.controlAddress ?? '127.0.0.1';
  // Absolute, because rtpengine runs with the data folder as its working directory.
  const dataDir = resolve(options.dataDir);
  const recordingDir = join(dataDir, 'recordings');
  await mkdir(recordingDir, { recursive: true });
  const dtmf = await listenForDtmfEvents({ address: controlAddress });

  let lastError: unknown;
  for (let attempt = 1; attempt <= (options.ngPort ? 1 : START_ATTEMPTS); attempt += 1) {
    const ngHost = {
      address: controlAddress,
      port: options.ngPort ?? (await pickFreeUdpPort(controlAddress)),
    };
    try {
      return await startOn({ options: { ...options, dataDir }, binary, ngHost, recordingDir, dtmf });
    } catch (error) {
      lastError = error;
      options.logger.warn({ err: error, attempt }, 'rtpengine: start failed');
    }
  }
  await dtmf.close();
  throw lastError;
}

async function startOn(context: {
  options: StartRtpengineOptions;
  binary: string;
  ngHost: NgHost;
  recordingDir: string;
  dtmf: DtmfListener;
}): Promise<LocalMediaControl> {
  const { options, binary, ngHost, recordingDir, dtmf } = context;
  const args = buildRtpengineArgs({
    interface: options.interface,
    ngAddress: ngHost.address,
    ngPort: ngHost.port,
    portMin: options.portMin,
    portMax: options.portMax,
    recordingDir,
    dtmfLogDest: dtmf.destination,
    extraArgs: options.extraArgs,
  });
  // Readiness pings fail fast and are retried by the poll loop, not by the transport.
  const health = createNgClient({ hosts: [ngHost], attemptTimeoutMs: 100, retries: 0 });
  const child = new RtpengineProcess({
    binary,
    args,
    cwd: options.dataDir,
    health,
    logger: options.logger,
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 3_000,
    restartDelayMs: options.restartDelayMs ?? { initial: 200, max: 10_000 },
  });
  try {
    await child.start();
  } catch (error) {
    await child.stop();
    await health.close();
    throw error;
  }
  const ng = createNgClient({ ...options.ng, hosts: [ngHost] });
  return {
    status: 'ready',
    mode: 'local',
    ng,
    dtmf,
    process: child,
    ngHost,
    recordingDir,
    async stop() {
      await child.stop();
      await Promise.all([ng.close(), health.close(), dtmf.close()]);
    },
  };
}
