import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors/app-error';

// Addresses a tenant's URL must never reach: this host, private networks, link-local (cloud
// metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges.
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? blocked.check(mapped[1]!, 'ipv4') : blocked.check(address, 'ipv6');
  }
  return true;
}

/**
 * A DNS lookup for outgoing sockets that refuses private addresses. Used as the socket's own
 * lookup, so the address checked is the address connected to: no rebinding between check and use.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const denied = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (denied) {
        const refusal = Object.assign(
          new Error(`${hostname} resolves to a private address (${denied.address})`),
          { code: 'ESSRF' },
        );
        return callback(refusal, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Checks a tenant's URL at creation: scheme, and every address its host resolves to now. */
export async function assertPublicUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('validation_failed', 'The URL is not valid', {
      details: { errors: [{ path: 'url', message: 'must be an absolute URL' }] },
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation_failed', 'The URL must use http or https', {
      details: { errors: [{ path: 'url', message: 'must be http or https' }] },
    });
  }
  if (url.username || url.password) {
    throw new AppError('validation_failed', 'The URL must not carry credentials', {
      details: { errors: [{ path: 'url', message: 'must not contain a user name or password' }] },
    });
  }
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const lookup = guardedLookup(false);
  await new Promise<void>((resolve, reject) =>
    lookup(host, { all: true }, (error) => (error ? reject(error) : resolve())),
  ).catch((error: NodeJS.ErrnoException) => {
    const message = error.code === 'ESSRF' ? error.message : `${host} does not resolve`;
    throw new AppError('validation_failed', `The URL is refused: ${message}`, {
      details: { errors: [{ path: 'url', message }] },
    });
  });
  return url;
}
