import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsLookup } from '../domains/dns-lookup';
import { startDnsTestServer } from '../testing/dns-test-server';
import { validateAddress } from './validate-address';

describe('address validation', () => {
  let dns: Awaited<ReturnType<typeof startDnsTestServer>>;
  let lookup: ReturnType<typeof createDnsLookup>;

  beforeAll(async () => {
    dns = await startDnsTestServer({
      'acme.test': { MX: [{ exchange: 'mx.acme.test', priority: 10 }] },
      'mailinator.com': { MX: [{ exchange: 'mail.mailinator.com', priority: 10 }] },
      'sub.mailinator.com': { MX: [{ exchange: 'mail.mailinator.com', priority: 10 }] },
      'bare.test': { A: ['192.0.2.10'] },
      'nomail.test': { MX: [{ exchange: '', priority: 0 }] },
      'broken.test': { servfail: true },
    });
    lookup = createDnsLookup({ servers: [dns.server], timeoutMs: 2000 });
  });
  afterAll(() => dns?.close());

  it('passes a person at a domain with an MX', async () => {
    expect(await validateAddress(lookup, 'ann.lee+news@acme.test')).toEqual({
      address: 'ann.lee+news@acme.test',
      verdict: 'deliverable',
      risk: 0,
      checks: { syntax: true, mailDomain: 'mx', disposable: false, roleAccount: false },
      reasons: [],
    });
  });

  it.each([
    ['not an address', 'undeliverable', 100, { syntax: false }],
    ['ann@@acme.test', 'undeliverable', 100, { syntax: false }],
    [`${'a'.repeat(65)}@acme.test`, 'undeliverable', 100, { syntax: false }],
    ['ann@nowhere.test', 'undeliverable', 100, { mailDomain: 'none' }],
    ['ann@nomail.test', 'undeliverable', 100, { mailDomain: 'null_mx' }],
    ['support@acme.test', 'deliverable', 25, { roleAccount: true }],
    ['ann@mailinator.com', 'risky', 60, { disposable: true }],
    ['ann@sub.mailinator.com', 'risky', 60, { disposable: true }],
    ['info@mailinator.com', 'risky', 85, { disposable: true, roleAccount: true }],
    ['ann@bare.test', 'deliverable', 15, { mailDomain: 'implicit' }],
    ['ann@broken.test', 'unknown', 20, { mailDomain: 'unknown' }],
  ])('%s → %s (risk %i)', async (address, verdict, risk, checks) => {
    const result = await validateAddress(lookup, address);
    expect(result).toMatchObject({ verdict, risk, checks });
    if (risk > 0) expect(result.reasons.length).toBeGreaterThan(0);
  });
});
