import type { DnsCheck, DnsCheckStatus, DomainChecks } from '../email.schema';
import { type DnsLookup, DnsUnavailableError } from './dns-lookup';

type Domain = { domain: string; dkimSelector: string; dkimPublicKey: string; inbound: boolean };
type Options = { spfInclude?: string; inboundMx?: string };

const check = (
  status: DnsCheckStatus,
  expected: DnsCheck['expected'],
  found: string[],
  fix: string | null,
): DnsCheck => ({ status, expected, found, fix });

/** The DKIM record we ask the tenant to publish for its key. */
export const dkimRecordValue = (publicKey: string) => `v=DKIM1; k=rsa; p=${publicKey}`;

/** The records a domain should publish: what the checks expect and the fix instructions quote. */
export function expectedRecords(domain: Omit<Domain, 'inbound'>, options: Options) {
  const { domain: name, dkimSelector } = domain;
  return {
    spf: {
      type: 'TXT' as const,
      host: name,
      value: `v=spf1 ${options.spfInclude ?? 'include:<your email provider>'} ~all`,
    },
    dkim: {
      type: 'TXT' as const,
      host: `${dkimSelector}._domainkey.${name}`,
      value: dkimRecordValue(domain.dkimPublicKey),
    },
    dmarc: {
      type: 'TXT' as const,
      host: `_dmarc.${name}`,
      value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${name}`,
    },
    mx: { type: 'MX' as const, host: name, value: `10 ${options.inboundMx ?? '<your IRIS mail host>'}` },
  };
}

/** `k=v; k2=v2` tag lists (DKIM, DMARC), tags lower-cased. */
function tags(record: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of record.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) map.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return map;
}

/** A lookup that could not be answered fails its check with the reason, rather than the whole request. */
async function guarded(expected: DnsCheck['expected'], run: () => Promise<DnsCheck>): Promise<DnsCheck> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DnsUnavailableError)) throw error;
    return check('invalid', expected, [], `${error.message}: check again in a few minutes.`);
  }
}

async function checkSpf(dns: DnsLookup, row: Domain, options: Options) {
  const { domain } = row;
  const expected = expectedRecords(row, options).spf;
  return guarded(expected, async () => {
    const found = (await dns.txt(domain)).filter((r) => /^v=spf1(\s|$)/i.test(r.trim()));
    if (found.length === 0)
      return check('invalid', expected, found, `Publish a TXT record at ${domain}: ${expected.value}`);
    if (found.length > 1)
      return check(
        'invalid',
        expected,
        found,
        'Merge them into one: a domain may publish only one SPF record (RFC 7208 §3.2).',
      );
    const terms = found[0]!.trim().split(/\s+/);
    if (options.spfInclude && !terms.some((t) => t.toLowerCase() === options.spfInclude!.toLowerCase())) {
      const all = terms.findIndex((t) => /^[-~?+]?all$/i.test(t));
      const fixed = [...terms];
      fixed.splice(all === -1 ? fixed.length : all, 0, options.spfInclude);
      return check('invalid', expected, found, `Add ${options.spfInclude}: ${fixed.join(' ')}`);
    }
    const all = terms.find((t) => /^[+?]?all$/i.test(t));
    if (all)
      return check(
        'warning',
        expected,
        found,
        `"${all}" lets any server send as ${domain}: end the record with ~all or -all.`,
      );
    return check('valid', expected, found, null);
  });
}

async function checkDkim(dns: DnsLookup, domain: Domain) {
  const expected = expectedRecords(domain, {}).dkim;
  const host = expected.host;
  return guarded(expected, async () => {
    const found = await dns.txt(host);
    if (found.length === 0)
      return check('invalid', expected, found, `Publish a TXT record at ${host}: ${expected.value}`);
    const keys = found.map((r) => (tags(r).get('p') ?? '').replace(/\s+/g, ''));
    if (keys.includes(domain.dkimPublicKey)) return check('valid', expected, found, null);
    const why = keys.every((k) => k === '') ? 'holds no key (p= is empty: revoked)' : 'holds another key';
    return check(
      'invalid',
      expected,
      found,
      `The record at ${host} ${why}: set its value to ${expected.value}`,
    );
  });
}

async function checkDmarc(dns: DnsLookup, row: Domain) {
  const expected = expectedRecords(row, {}).dmarc;
  const host = expected.host;
  return guarded(expected, async () => {
    const found = (await dns.txt(host)).filter((r) => /^v=DMARC1\s*(;|$)/i.test(r.trim()));
    if (found.length === 0)
      return check(
        'invalid',
        expected,
        found,
        `Publish a TXT record at ${host}: ${expected.value} (Gmail and Yahoo require DMARC of bulk senders).`,
      );
    if (found.length > 1)
      return check(
        'invalid',
        expected,
        found,
        `Keep one DMARC record at ${host}: receivers ignore all of them otherwise.`,
      );
    const policy = tags(found[0]!).get('p')?.toLowerCase();
    if (policy !== 'none' && policy !== 'quarantine' && policy !== 'reject')
      return check(
        'invalid',
        expected,
        found,
        'The record needs a policy tag: p=none, p=quarantine or p=reject.',
      );
    if (policy === 'none')
      return check(
        'warning',
        expected,
        found,
        'p=none only monitors: once reports show your mail passing, move to p=quarantine.',
      );
    return check('valid', expected, found, null);
  });
}

async function checkMx(dns: DnsLookup, domain: Domain, options: Options) {
  const expected = expectedRecords(domain, options).mx;
  return guarded(expected, async () => {
    const records = await dns.mx(domain.domain);
    const found = records.map((r) => `${r.priority} ${r.exchange}`);
    const pointsAtUs =
      options.inboundMx !== undefined &&
      records.some((r) => r.exchange.replace(/\.$/, '').toLowerCase() === options.inboundMx!.toLowerCase());
    if (domain.inbound) {
      if (pointsAtUs || (options.inboundMx === undefined && records.length > 0))
        return check('valid', expected, found, null);
      return check(
        'invalid',
        expected,
        found,
        `To receive mail at ${domain.domain} here, publish: MX ${expected.value}`,
      );
    }
    if (records.length === 0)
      return check(
        'warning',
        expected,
        found,
        `No MX: replies and bounces to ${domain.domain} go nowhere. Publish an MX for the domain's mailboxes.`,
      );
    return check('valid', expected, found, null);
  });
}

/** SPF, DKIM, DMARC and MX of a domain, each valid / warning / invalid with what to fix. */
export async function checkDomainDns(
  dns: DnsLookup,
  domain: Domain,
  options: Options,
): Promise<DomainChecks> {
  const [spf, dkim, dmarc, mx] = await Promise.all([
    checkSpf(dns, domain, options),
    checkDkim(dns, domain),
    checkDmarc(dns, domain),
    checkMx(dns, domain, options),
  ]);
  return { spf, dkim, dmarc, mx };
}

/** Sending needs DKIM to pass and SPF not to fail; DMARC and MX are advice. */
export const passesVerification = (checks: DomainChecks) =>
  checks.dkim.status === 'valid' && checks.spf.status !== 'invalid';
