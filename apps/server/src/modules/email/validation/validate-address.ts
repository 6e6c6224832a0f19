import { isDisposableEmailDomain } from 'disposable-email-domains-js';
import { z } from 'zod';
import { type DnsLookup, DnsUnavailableError } from '../domains/dns-lookup';

/** Shared mailboxes that reach a team, not a person: fine for replies, risky for marketing. */
const ROLE_ACCOUNTS = new Set(
  (
    'abuse admin administrator billing compliance contact devnull dns ftp help hostmaster info inquiries ' +
    'it jobs list list-request mail mailer-daemon marketing media news newsletter no-reply noc noreply ' +
    'null office orders postmaster privacy root sales security spam support sysadmin team usenet uucp ' +
    'webmaster www'
  ).split(' '),
);

export type MailDomainStatus = 'mx' | 'implicit' | 'null_mx' | 'none' | 'unknown';
export type AddressValidation = {
  address: string;
  verdict: 'deliverable' | 'risky' | 'undeliverable' | 'unknown';
  /** 0 (safe) to 100 (certain to fail or harm reputation). */
  risk: number;
  checks: { syntax: boolean; mailDomain: MailDomainStatus; disposable: boolean; roleAccount: boolean };
  reasons: string[];
};

const syntaxOk = (address: string) => {
  const at = address.lastIndexOf('@');
  return at > 0 && at <= 64 && address.length <= 254 && z.email().safeParse(address).success;
};

/** A domain or any parent of it on the maintained disposable list (disposable-email-domains-js). */
function disposable(domain: string) {
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++)
    if (isDisposableEmailDomain(labels.slice(i).join('.'))) return true;
  return false;
}

async function mailDomain(dns: DnsLookup, domain: string): Promise<MailDomainStatus> {
  try {
    const mx = await dns.mx(domain);
    // RFC 7505: a single MX of "." says the domain accepts no mail at all.
    if (mx.length === 1 && (mx[0]!.exchange === '' || mx[0]!.exchange === '.')) return 'null_mx';
    if (mx.length > 0) return 'mx';
    return (await dns.hasAddress(domain)) ? 'implicit' : 'none';
  } catch (error) {
    if (error instanceof DnsUnavailableError) return 'unknown';
    throw error;
  }
}

/**
 * Whether an address is worth sending to: syntax, a domain that takes mail (MX, or the implicit MX
 * of an A record), disposable domains and role accounts, summed into a risk score. No SMTP probe:
 * mailbox probing gets the probing IP blocklisted and proves little against catch-all domains.
 */
export async function validateAddress(dns: DnsLookup, raw: string): Promise<AddressValidation> {
  const address = raw.trim();
  const reasons: string[] = [];
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at).toLowerCase() : '';
  const domain =
    at > 0
      ? address
          .slice(at + 1)
          .toLowerCase()
          .replace(/\.$/, '')
      : '';
  if (!syntaxOk(address)) {
    return {
      address,
      verdict: 'undeliverable',
      risk: 100,
      checks: { syntax: false, mailDomain: 'none', disposable: false, roleAccount: false },
      reasons: ['not a valid email address'],
    };
  }
  const checks = {
    syntax: true,
    mailDomain: await mailDomain(dns, domain),
    disposable: disposable(domain),
    roleAccount: ROLE_ACCOUNTS.has(local.split('+')[0]!),
  };
  let risk = 0;
  if (checks.mailDomain === 'none' || checks.mailDomain === 'null_mx') {
    risk = 100;
    reasons.push(
      checks.mailDomain === 'none'
        ? `${domain} has no MX or address records`
        : `${domain} accepts no mail (null MX)`,
    );
  }
  if (checks.mailDomain === 'implicit') {
    risk += 15;
    reasons.push(`${domain} has no MX record, only an address (implicit MX)`);
  }
  if (checks.mailDomain === 'unknown') {
    risk += 20;
    reasons.push(`could not look up ${domain} in DNS`);
  }
  if (checks.disposable) {
    risk += 60;
    reasons.push(`${domain} is a disposable email service`);
  }
  if (checks.roleAccount) {
    risk += 25;
    reasons.push(`${local.split('+')[0]} is a role account, not a person`);
  }
  risk = Math.min(100, risk);
  const verdict =
    risk >= 100
      ? 'undeliverable'
      : checks.mailDomain === 'unknown' && risk < 50
        ? 'unknown'
        : risk >= 50
          ? 'risky'
          : 'deliverable';
  return { address, verdict, risk, checks, reasons };
}
