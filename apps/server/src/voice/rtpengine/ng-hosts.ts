import { isIP } from 'node:net';

/** One rtpengine ng control endpoint (UDP). */
export type NgHost = { address: string; port: number };

/**
 * - `call-id-hash`: every command of a call goes to the host its call-id hashes to;
 *   stateless, so it survives our restarts and agrees across voice nodes.
 * - `round-robin`: each new call (first offer) goes to the next host; later commands
 *   follow the call. A call-id we never saw (e.g. offered before a restart) falls back
 *   to the hash.
 */
export type HostStrategy = 'call-id-hash' | 'round-robin';

export type HostSelector = {
  readonly hosts: readonly NgHost[];
  /** The host for a call; `isNewCall` on an initial offer lets round-robin assign one. */
  forCall(callId: string, isNewCall: boolean): NgHost;
  /** Drops the memory of a finished call. */
  forget(callId: string): void;
};

/** Round-robin remembers calls so later commands follow them; this caps that memory. */
const MAX_REMEMBERED_CALLS = 100_000;

export function createHostSelector(hosts: readonly NgHost[], strategy: HostStrategy): HostSelector {
  const first = hosts[0];
  if (!first) throw new Error('rtpengine: at least one ng host is required');
  const assigned = new Map<string, NgHost>();
  let next = 0;

  const byHash = (callId: string): NgHost => hosts[fnv1a(callId) % hosts.length] ?? first;

  return {
    hosts,
    forCall(callId, isNewCall) {
      if (hosts.length === 1) return first;
      if (strategy === 'call-id-hash') return byHash(callId);
      const known = assigned.get(callId);
      if (known) return known;
      if (!isNewCall) return byHash(callId);
      const host = hosts[next % hosts.length] ?? first;
      next += 1;
      assigned.set(callId, host);
      if (assigned.size > MAX_REMEMBERED_CALLS) {
        const oldest = assigned.keys().next().value;
        if (oldest !== undefined) assigned.delete(oldest);
      }
      return host;
    },
    forget(callId) {
      assigned.delete(callId);
    },
  };
}

/** 32-bit FNV-1a over the UTF-8 bytes: tiny, stable across processes and versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Parses `host:port` or `[v6]:port`, the form operators write in config. */
export function parseNgHost(text: string): NgHost {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const address = match?.[1];
  const port = Number(match?.[2]);
  if (!address || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`rtpengine: "${text}" is not host:port`);
  }
  if (address.includes(':') && isIP(address) !== 6) throw new Error(`rtpengine: "${text}" is not host:port`);
  return { address, port };
}

export function formatNgHost(host: NgHost): string {
  return isIP(host.address) === 6 ? `[${host.address}]:${host.port}` : `${host.address}:${host.port}`;
}
