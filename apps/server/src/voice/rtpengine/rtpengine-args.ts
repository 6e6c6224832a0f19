import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

/** Where Debian's rtpengine-daemon puts the binary (10.x: /usr/bin; older: /usr/sbin). */
const STANDARD_PATHS = ['/usr/bin/rtpengine', '/usr/sbin/rtpengine'];

/** The first executable rtpengine, or undefined when none is installed. */
export async function findRtpengineBinary(binaryPath?: string): Promise<string | undefined> {
  for (const candidate of binaryPath ? [binaryPath] : STANDARD_PATHS) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  return undefined;
}

export type RtpengineArgsOptions = {
  /** `IP`, `NAME/IP` or `IP!ADVERTISED_IP`, as rtpengine's `--interface`. */
  interface: string;
  ngAddress: string;
  ngPort: number;
  portMin: number;
  portMax: number;
  recordingDir: string;
  dtmfLogDest: string;
  extraArgs?: readonly string[];
};

export function buildRtpengineArgs(options: RtpengineArgsOptions): string[] {
  return [
    // The Debian package ships /etc/rtpengine/rtpengine.conf with fixed ports and
    // a kernel table; reading none of it lets several instances run side by side.
    '--config-file=none',
    // -1: no kernel forwarding module, plain userspace relaying (no root, no DKMS).
    '--table=-1',
    '--foreground',
    '--log-stderr',
    // Our logger stamps lines itself.
    '--no-log-timestamps',
    `--interface=${options.interface}`,
    // Only the ng control socket: the CLI and HTTP listeners are off unless asked for.
    `--listen-ng=${hostPort(options.ngAddress, options.ngPort)}`,
    `--port-min=${options.portMin}`,
    `--port-max=${options.portMax}`,
    `--recording-dir=${options.recordingDir}`,
    // pcap needs no recording daemon; rtpengine writes the files itself.
    '--recording-method=pcap',
    `--dtmf-log-dest=${options.dtmfLogDest}`,
    ...(options.extraArgs ?? []),
  ];
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
