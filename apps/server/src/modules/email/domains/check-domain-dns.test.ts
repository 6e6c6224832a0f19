import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDnsTestServer } from '../testing/dns-test-server';
import { checkDomainDns, passesVerification } from './check-domain-dns';
import { generateDkimKey } from './dkim-key';
import { createDnsLookup } from './dns-lookup';

describe('domain DNS checks against a DNS server on loopback', () => {
  let dns: Awaited<ReturnType<typeof startDnsTestServer>>;
  let lookup: ReturnType<typeof createDnsLookup>;
  let publicKey: string;
  const options = { spfInclude: 'include:_spf.iris.test', inboundMx: 'mx.iris.test' };
  const domain = () => ({
    domain: 'acme.test',
    dkimSelector: 'iris1',
    dkimPublicKey: publicKey,
    inbound: false,
  });

  beforeAll(async () => {
    dns = await startDnsTestServer();
    lookup = createDnsLookup({ servers: [dns.server], timeoutMs: 2000 });
    publicKey = (await generateDkimKey()).publicKey;
  });
  afterAll(() => dns?.close());
  beforeEach(() => {
    for (const name of Object.keys(dns.zone)) delete dns.zone[name];
  });

  it('finds nothing published: SPF, DKIM and DMARC invalid with the records to add, MX a warning', async () => {
    const checks = await checkDomainDns(lookup, domain(), options);
    expect(checks.spf).toMatchObject({
      status: 'invalid',
      expected: { type: 'TXT', host: 'acme.test', value: 'v=spf1 include:_spf.iris.test ~all' },
      found: [],
    });
    expect(checks.spf.fix).toContain('v=spf1 include:_spf.iris.test ~all');
    expect(checks.dkim).toMatchObject({
      status: 'invalid',
      expected: { host: 'iris1._domainkey.acme.test' },
    });
    expect(checks.dkim.expected.value).toBe(`v=DKIM1; k=rsa; p=${publicKey}`);
    expect(checks.dmarc).toMatchObject({ status: 'invalid', expected: { host: '_dmarc.acme.test' } });
    expect(checks.mx.status).toBe('warning');
    expect(passesVerification(checks)).toBe(false);
  });

  it('passes a domain that publishes everything (the 2048-bit key arrives split in 255-byte strings)', async () => {
    dns.zone['acme.test'] = {
      TXT: ['google-site-verification=abc', 'v=spf1 include:_spf.google.com include:_spf.iris.test -all'],
      MX: [{ exchange: 'mx.iris.test', priority: 10 }],
    };
    dns.zone['iris1._domainkey.acme.test'] = { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] };
    dns.zone['_dmarc.acme.test'] = { TXT: ['v=DMARC1; p=reject; rua=mailto:d@acme.test'] };
    const checks = await checkDomainDns(lookup, { ...domain(), inbound: true }, options);
    expect(Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.status]))).toEqual({
      spf: 'valid',
      dkim: 'valid',
      dmarc: 'valid',
      mx: 'valid',
    });
    expect(checks.mx.found).toEqual(['10 mx.iris.test']);
    expect(checks.spf.fix).toBeNull();
    expect(passesVerification(checks)).toBe(true);
  });

  it('explains each half-right record: SPF without our include, two SPF records, +all, another DKIM key, p=none, MX elsewhere', async () => {
    dns.zone['acme.test'] = {
      TXT: ['v=spf1 include:_spf.google.com ~all'],
      MX: [{ exchange: 'aspmx.l.google.com', priority: 1 }],
    };
    dns.zone['iris1._domainkey.acme.test'] = {
      TXT: ['v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother'],
    };
    dns.zone['_dmarc.acme.test'] = { TXT: ['v=DMARC1; p=none'] };
    let checks = await checkDomainDns(lookup, { ...domain(), inbound: true }, options);
    expect(checks.spf).toMatchObject({ status: 'invalid' });
    expect(checks.spf.fix).toBe(
      'Add include:_spf.iris.test: v=spf1 include:_spf.google.com include:_spf.iris.test ~all',
    );
    expect(checks.dkim.status).toBe('invalid');
    expect(checks.dkim.fix).toContain('holds another key');
    expect(checks.dmarc.status).toBe('warning');
    expect(checks.dmarc.fix).toContain('p=quarantine');
    expect(checks.mx.status).toBe('invalid');
    expect(checks.mx.fix).toContain('MX 10 mx.iris.test');

    dns.zone['acme.test'] = { TXT: ['v=spf1 include:_spf.iris.test ~all', 'v=spf1 mx -all'] };
    checks = await checkDomainDns(lookup, domain(), options);
    expect(checks.spf.status).toBe('invalid');
    expect(checks.spf.fix).toContain('only one SPF record');

    dns.zone['acme.test'] = { TXT: ['v=spf1 include:_spf.iris.test +all'] };
    dns.zone['iris1._domainkey.acme.test'] = { TXT: ['v=DKIM1; k=rsa; p='] };
    checks = await checkDomainDns(lookup, domain(), options);
    expect(checks.spf.status).toBe('warning');
    expect(checks.dkim.fix).toContain('revoked');
  });

  it('a resolver failure fails the check with the reason instead of failing the request', async () => {
    dns.zone['acme.test'] = { servfail: true };
    const checks = await checkDomainDns(lookup, domain(), options);
    expect(checks.spf.status).toBe('invalid');
    expect(checks.spf.fix).toMatch(/DNS lookup of acme\.test failed \(ESERVFAIL\)/);
  });
});
