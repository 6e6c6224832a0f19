import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectsFolder } from '../../../platform/storage/object-store';
import { databaseKinds } from '../../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../../testing/test-iris';
import { waitFor } from '../../../testing/wait-for';
import { startDnsTestServer } from '../testing/dns-test-server';

describe.each(databaseKinds())('POST /v1/email/send on %s', (kind) => {
  let t: TestIris;
  let dns: Awaited<ReturnType<typeof startDnsTestServer>>;
  let tenant: Awaited<ReturnType<TestIris['signup']>>;
  let key: string;
  let inbox: string;

  beforeAll(async () => {
    dns = await startDnsTestServer();
    t = await startTestIris(kind, {
      SANDBOX_DELIVERY_DELAY_MS: '50',
      EMAIL_DNS_SERVERS: dns.server,
      EMAIL_SPF_INCLUDE: 'include:_spf.iris.test',
      EMAIL_MAX_ATTACHMENT_BYTES: '4096',
    });
    tenant = await t.signup('Mail Co');
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    key = (
      await t.request('/v1/api-keys', {
        token: tenant.token,
        body: { name: 'backend', scopes: ['read', 'messages:write'] },
      })
    ).body.key;
    const numbers = (await t.request('/v1/numbers', { token: key })).body.data;
    inbox = numbers.find((n: Json) => n.kind === 'email_address').address;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await dns?.close();
  });

  const send = (body: Record<string, unknown>) => t.request('/v1/email/send', { token: key, body });

  it('sends HTML from the sandbox address: our Message-ID, a text part from the HTML, one-click unsubscribe, delivered', async () => {
    const sent = await send({
      to: 'ann@customer.test',
      cc: ['bob@customer.test'],
      replyTo: 'help@customer-care.test',
      fromName: 'Mail Co',
      subject: 'Your order',
      html: '<h1>Thanks</h1><p>Your order <a href="https://shop.test/o/1">#1</a> ships today.</p>',
      headers: { 'X-Order': '1' },
      tags: ['orders'],
      metadata: { order: 1 },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      channel: 'email',
      status: 'queued',
      from: inbox,
      to: 'ann@customer.test',
      subject: 'Your order',
      metadata: { order: 1 },
    });
    expect(sent.body.body).toContain('Your order #1 [https://shop.test/o/1] ships today.');
    const email = sent.body.email;
    expect(email).toMatchObject({
      messageIdHeader: `<${sent.body.id}@sandbox.iris.test>`,
      cc: ['bob@customer.test'],
      replyTo: 'help@customer-care.test',
      fromName: 'Mail Co',
      headers: { 'X-Order': '1' },
      tags: ['orders'],
      listUnsubscribe: { oneClick: true },
      tracking: { opens: false, clicks: false },
    });
    // Tracking is off by default: the HTML goes out as written.
    expect(email.html).toBe(
      '<h1>Thanks</h1><p>Your order <a href="https://shop.test/o/1">#1</a> ships today.</p>',
    );
    expect(email.listUnsubscribe.url).toMatch(/\/t\/u\/[\w-]+\.[\w-]+$/);

    await waitFor(async () => {
      const message = (await t.request(`/v1/email/messages/${sent.body.id}`, { token: key })).body;
      expect(message.status).toBe('delivered');
      expect(message.email.messageIdHeader).toBe(email.messageIdHeader);
    });
  });

  it('validates at the edge: a subject and a body, X- headers only, no line breaks in headers', async () => {
    const problems = await Promise.all([
      send({ to: 'ann@customer.test', subject: 'No body' }),
      send({ to: 'ann@customer.test', text: 'no subject' }),
      send({ to: 'ann@customer.test', subject: 'S', text: 'x', headers: { Bcc: 'all@evil.test' } }),
      send({
        to: 'ann@customer.test',
        subject: 'S',
        text: 'x',
        headers: { 'X-Ok': 'a\r\nBcc: all@evil.test' },
      }),
      send({ to: 'not-an-address', subject: 'S', text: 'x' }),
      send({ to: 'ann@customer.test', from: 'someone@not-ours.test', subject: 'S', text: 'x' }),
    ]);
    expect(problems.map((p) => [p.status, p.body.code])).toEqual(Array(6).fill([422, 'validation_failed']));
    expect(problems.map((p) => p.body.errors?.[0]?.path)).toEqual([
      'text',
      'subject',
      'headers.Bcc',
      'headers.X-Ok',
      'to',
      'from',
    ]);
  });

  it('stores attachments in the object store and refuses a send over the attachment limit with 413', async () => {
    const sent = await send({
      to: 'ann@customer.test',
      subject: 'Invoice',
      text: 'Attached.',
      attachments: [
        {
          filename: '..invoice (März).pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.4 tiny').toString('base64'),
        },
      ],
    });
    expect(sent.status).toBe(201);
    const [attachment] = sent.body.email.attachments;
    expect(attachment).toMatchObject({
      filename: '..invoice (März).pdf',
      contentType: 'application/pdf',
      size: 13,
    });
    expect(attachment.storageKey).toMatch(
      new RegExp(`^email/outbound/${tenant.tenantId}/[0-9a-f]+/0-_invoice_\\(M_rz\\).pdf$`),
    );
    const bytes = readFileSync(join(objectsFolder(t.iris.config.dataDir), attachment.storageKey));
    expect(bytes.toString()).toBe('%PDF-1.4 tiny');

    const traversal = await send({
      to: 'ann@customer.test',
      subject: 'x',
      text: 'x',
      attachments: [{ filename: '../../etc/passwd', content: 'eA==' }],
    });
    expect(traversal.body.errors?.[0]?.path).toBe('attachments.0.filename');

    const big = await send({
      to: 'ann@customer.test',
      subject: 'Too big',
      text: 'x',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(5000).toString('base64') }],
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
  });

  it('renders a template by id with defaults and variables, and refuses one missing a required variable', async () => {
    const template = await t.request('/v1/email/templates', {
      token: key,
      body: {
        name: 'welcome',
        category: 'onboarding',
        subject: 'Welcome, {{ name }}',
        html: '<p>Hello {{ name }}, your plan is {{ plan }}.</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
        variables: [
          { name: 'name', required: true },
          { name: 'plan', defaultValue: 'Free' },
        ],
      },
    });
    expect(template.status).toBe(201);
    const sent = await send({
      to: 'ann@customer.test',
      templateId: template.body.id,
      variables: { name: 'Ann <3' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      subject: 'Welcome, Ann <3',
      template: { name: 'welcome', variables: { name: 'Ann <3' } },
    });
    expect(sent.body.email.html).toContain('<p>Hello Ann &lt;3, your plan is Free.</p>');
    // The unsubscribe_url variable is the signed List-Unsubscribe URL of this very email.
    expect(sent.body.email.html).toContain(`href="${sent.body.email.listUnsubscribe.url}"`);
    expect(sent.body.body).toContain('Hello Ann <3, your plan is Free.');

    const missing = await send({ to: 'ann@customer.test', template: 'welcome' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: 'variables.name', message: 'is required by the template' }]);
    const unknown = await send({ to: 'ann@customer.test', templateId: 'etpl_nope' });
    expect(unknown.body.errors).toEqual([{ path: 'templateId', message: 'no such email template' }]);
  });

  it('takes channel email on /v1/messages with html and email fields, stamped the same way', async () => {
    const sent = await t.request('/v1/messages', {
      token: key,
      body: {
        channel: 'email',
        to: 'ann@customer.test',
        subject: 'Via messages',
        html: '<p>Hi <a href="https://shop.test/">shop</a></p>',
        email: { cc: ['bob@customer.test'], tracking: { clicks: true } },
      },
    });
    expect(sent.status).toBe(201);
    const email = (await t.request(`/v1/email/messages/${sent.body.id}`, { token: key })).body.email;
    expect(email).toMatchObject({
      messageIdHeader: `<${sent.body.id}@sandbox.iris.test>`,
      cc: ['bob@customer.test'],
    });
    expect(email.html).toMatch(/<a href="http:\/\/localhost:\d+\/t\/c\/[\w-]+\.[\w-]+">shop<\/a>/);
    // One-to-one mail through /v1/messages carries no List-Unsubscribe unless asked.
    expect(email.listUnsubscribe).toBeUndefined();
    expect(sent.body.body).toBe('Hi shop [https://shop.test/]');

    const sms = await t.request('/v1/messages', {
      token: key,
      body: { channel: 'sms', to: '+14155550100', body: 'x', html: '<p>x</p>' },
    });
    expect(sms.status).toBe(422);
  });

  it('refuses an unverified domain with email_domain_unverified, and sends once its DNS checks pass', async () => {
    const admin = tenant.token;
    const domain = await t.request('/v1/email/domains', { token: admin, body: { domain: 'News.Acme.test' } });
    expect(domain.status).toBe(201);
    expect(domain.body).toMatchObject({ domain: 'news.acme.test', status: 'pending', checks: null });
    const { records } = domain.body;
    expect(records.dkim.host).toBe(`${domain.body.dkimSelector}._domainkey.news.acme.test`);
    expect(records.dkim.value).toMatch(/^v=DKIM1; k=rsa; p=MII[\w+/=]{300,}$/);
    expect(records.spf.value).toBe('v=spf1 include:_spf.iris.test ~all');
    // The domain is a sender now.
    const senders = (await t.request('/v1/numbers', { token: key })).body.data;
    expect(senders).toContainEqual(
      expect.objectContaining({ id: domain.body.senderId, kind: 'email_domain', address: 'news.acme.test' }),
    );

    const refused = await send({
      from: 'hello@news.acme.test',
      to: 'ann@customer.test',
      subject: 'S',
      text: 'x',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('email_domain_unverified');

    const failed = await t.request(`/v1/email/domains/${domain.body.id}/verify`, {
      token: admin,
      method: 'POST',
    });
    expect(failed.body).toMatchObject({
      status: 'pending',
      checks: { spf: { status: 'invalid' }, dkim: { status: 'invalid' } },
    });

    dns.zone['news.acme.test'] = { TXT: [records.spf.value] };
    dns.zone[records.dkim.host] = { TXT: [records.dkim.value] };
    dns.zone['_dmarc.news.acme.test'] = { TXT: ['v=DMARC1; p=quarantine'] };
    const verified = await t.request(`/v1/email/domains/${domain.body.id}/verify`, {
      token: admin,
      method: 'POST',
    });
    expect(verified.body).toMatchObject({
      status: 'verified',
      checks: {
        spf: { status: 'valid' },
        dkim: { status: 'valid' },
        dmarc: { status: 'valid' },
        mx: { status: 'warning' },
      },
    });
    expect(verified.body.verifiedAt).toEqual(expect.any(String));

    const sent = await send({
      from: 'hello@news.acme.test',
      to: 'ann@customer.test',
      subject: 'S',
      text: 'x',
    });
    expect(sent.status).toBe(201);
    expect(sent.body.from).toBe('hello@news.acme.test');
    expect(sent.body.email.messageIdHeader).toBe(`<${sent.body.id}@news.acme.test>`);

    expect((await t.request('/v1/email/domains', { token: key })).body.data).toHaveLength(1);
    expect(
      (await t.request(`/v1/email/domains/${domain.body.id}`, { token: admin, method: 'DELETE' })).status,
    ).toBe(204);
    const gone = await send({
      from: 'hello@news.acme.test',
      to: 'ann@customer.test',
      subject: 'S',
      text: 'x',
    });
    expect(gone.body.errors?.[0]?.path).toBe('from');
  });

  it('validates addresses with a risk score over the API', async () => {
    dns.zone['customer.test'] = { MX: [{ exchange: 'mx.customer.test', priority: 5 }] };
    const good = await t.request('/v1/email/validate', {
      token: key,
      body: { address: 'ann@customer.test' },
    });
    expect(good.body).toMatchObject({ verdict: 'deliverable', risk: 0, checks: { mailDomain: 'mx' } });
    const role = await t.request('/v1/email/validate', {
      token: key,
      body: { address: 'sales@customer.test' },
    });
    expect(role.body).toMatchObject({ risk: 25, checks: { roleAccount: true } });
    const dead = await t.request('/v1/email/validate', {
      token: key,
      body: { address: 'ann@no-such-domain.test' },
    });
    expect(dead.body).toMatchObject({ verdict: 'undeliverable', risk: 100 });
  });
});
