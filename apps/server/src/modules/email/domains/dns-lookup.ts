import { Resolver } from 'node:dns/promises';

/** The DNS questions the domain checks and address validation ask. */
export type DnsLookup = {
  /** TXT records, each record's strings joined (a long DKIM key comes split in 255-byte strings). */
  txt(name: string): Promise<string[]>;
  mx(name: string): Promise<{ exchange: string; priority: number }[]>;
  /** Whether the name has an A or AAAA record (the implicit MX of RFC 5321 §5.1). */
  hasAddress(name: string): Promise<boolean>;
};

/** The name has no such record (or does not exist): an answer, not a failure. */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);

/** The resolver could not answer (timeout, refused, SERVFAIL): the check cannot say. */
export class DnsUnavailableError extends Error {
  constructor(
    readonly code: string,
    name: string,
  ) {
    super(`DNS lookup of ${name} failed (${code})`);
    this.name = 'DnsUnavailableError';
  }
}

async function answer<T>(name: string, query: () => Promise<T[]>): Promise<T[]> {
  try {
    return await query();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'EUNKNOWN';
    if (NO_RECORD.has(code)) return [];
    throw new DnsUnavailableError(code, name);
  }
}

/**
 * node:dns with its own servers (EMAIL_DNS_SERVERS; tests point it at a DNS server on loopback) and
 * a bounded timeout, so a check never waits on a dead resolver for long.
 */
export function createDnsLookup(options: { servers?: string[]; timeoutMs: number }): DnsLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  return {
    async txt(name) {
      return (await answer(name, () => resolver.resolveTxt(name))).map((chunks) => chunks.join(''));
    },
    mx(name) {
      return answer(name, () => resolver.resolveMx(name));
    },
    async hasAddress(name) {
      const [v4, v6] = await Promise.all([
        answer(name, () => resolver.resolve4(name)),
        answer(name, () => resolver.resolve6(name)),
      ]);
      return v4.length + v6.length > 0;
    },
  };
}
