import { type MailgunFake, startMailgunFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailProvider } from '../email-provider';
import { createTestRuntime, outboundEmail, startWebhookCapture } from '../shared/email-test-kit';
import { mailgunProviderModule } from './mailgun.adapter';

const signal = () => AbortSignal.timeout(5000);

describe('mailgun email provider', () => {
  let fake: MailgunFake;
  let capture: Awaited<ReturnType<typeof startWebhookCapture>>;
  let kit: ReturnType<typeof createTestRuntime>;
  let provider: EmailProvider;

  beforeAll(async () => {
    fake = await startMailgunFake();
    capture = await startWebhookCapture();
    kit = createTestRuntime();
    provider = mailgunProviderModule.create({
      instanceId: 'mg-main',
      credentials: mailgunProviderModule.credentialsSchema.parse(fake.credentials),
      runtime: kit.runtime,
    });
  });
  afterAll(async () => {
    await fake.close();
    await capture.close();
    kit.cleanup();
  });

  it('sends the exact Messages API request (multipart, Basic api:key)', async () => {
    await kit.storage.put('att/logo', new Uint8Array([1, 2, 3, 250]));
    await kit.storage.put('att/terms', new TextEncoder().encode('terms'));
    const result = await provider.send(
      outboundEmail({
        messageIdHeader: '<msg_01TEST@acme.test>',
        html: '<p>Hello Ana <img src="cid:logo1"></p>',
        fromName: 'Acme News',
        cc: ['cc@example.org', 'cc2@example.org'],
        replyTo: 'support@acme.test',
        headers: { 'X-Campaign': 'spring' },
        references: ['<root@example.org>'],
        inReplyTo: '<root@example.org>',
        listUnsubscribe: { url: 'https://iris.test/u/abc', oneClick: true },
        tags: ['welcome', 'spring'],
        tracking: { opens: true, clicks: false },
        attachments: [
          {
            filename: 'logo.png',
            contentType: 'image/png',
            storageKey: 'att/logo',
            size: 4,
            contentId: 'logo1',
          },
          { filename: 'terms.txt', contentType: 'text/plain', storageKey: 'att/terms', size: 5 },
        ],
      }),
      { signal: signal() },
    );
    const sent = fake.sent.at(-1)!;
    expect(result).toEqual({ providerMessageId: sent.id.slice(1, -1), status: 'queued' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mg.acme.test/messages');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`api:${fake.credentials.apiKey}`).toString('base64')}`,
    );
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.fields).toEqual({
      from: ['"Acme News" <news@acme.test>'],
      to: ['ana@example.org'],
      cc: ['cc@example.org, cc2@example.org'],
      subject: ['Welcome'],
      text: ['Hello Ana'],
      html: ['<p>Hello Ana <img src="cid:logo1"></p>'],
      'h:Message-Id': ['<msg_01TEST@acme.test>'],
      'h:X-Campaign': ['spring'],
      'h:In-Reply-To': ['<root@example.org>'],
      'h:References': ['<root@example.org>'],
      'h:List-Unsubscribe': ['<https://iris.test/u/abc>'],
      'h:List-Unsubscribe-Post': ['List-Unsubscribe=One-Click'],
      'h:Reply-To': ['support@acme.test'],
      'o:tag': ['welcome', 'spring'],
      'o:tracking-opens': ['yes'],
      'o:tracking-clicks': ['no'],
      'v:iris_message_id': ['msg_01TEST'],
    });
    expect(sent.files).toEqual([
      { field: 'inline', filename: 'logo1', contentType: 'image/png', bytes: new Uint8Array([1, 2, 3, 250]) },
      {
        field: 'attachment',
        filename: 'terms.txt',
        contentType: 'text/plain',
        bytes: new TextEncoder().encode('terms'),
      },
    ]);
  });

  it('maps errors: throttling and 5xx retryable, rejections permanent', async () => {
    const message = outboundEmail({ messageIdHeader: '<m2@acme.test>' });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 5 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 5000,
    });
    fake.inject({ kind: 'status', status: 500 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    fake.inject({ kind: 'status', status: 400, body: { message: "'to' parameter is not a valid address" } });
    await expect(provider.send(message, { signal: signal() })).rejects.toThrow(/not a valid address/);
    const wrong = mailgunProviderModule.create({
      instanceId: 'mg-bad',
      credentials: mailgunProviderModule.credentialsSchema.parse({ ...fake.credentials, apiKey: 'key-nope' }),
      runtime: kit.runtime,
    });
    await expect(wrong.send(message, { signal: signal() })).rejects.toMatchObject({
      retryable: false,
      code: 'provider_rejected',
    });
  });

  it('verifies and maps signed events; a redelivery has the same event key', async () => {
    const id = '20240101120000.abc@mg.acme.test';
    const events = [
      fake.event('accepted', id, 'ana@example.org'),
      fake.event('delivered', id, 'ana@example.org'),
      fake.event('opened', id, 'ana@example.org', {
        ip: '203.0.113.9',
        'client-info': { 'user-agent': 'Mozilla/5.0' },
      }),
      fake.event('clicked', id, 'ana@example.org', { url: 'https://acme.test/spring' }),
      fake.event('failed', id, 'bob@example.org', {
        severity: 'permanent',
        reason: 'bounce',
        'delivery-status': { code: 550, description: 'No such mailbox' },
      }),
      fake.event('failed', id, 'cy@example.org', {
        severity: 'temporary',
        'delivery-status': { code: 451, message: 'greylisted' },
      }),
      fake.event('complained', id, 'ana@example.org'),
      fake.event('unsubscribed', id, 'ana@example.org'),
      fake.event('rejected', id, 'eve@example.org', { reject: { reason: 'spam' }, reason: 'rejected: spam' }),
    ];
    await fake.sendEvents(`${capture.url}/hooks/email/mg-main/events`, events);
    const requests = capture.take();
    const engagement = (await Promise.all(requests.map((r) => provider.parseEngagementWebhook!(r)))).flat();
    expect(engagement.map((e) => [e.type, e.recipient, e.bounceType ?? null, e.reason ?? null])).toEqual([
      ['delivered', 'ana@example.org', null, null],
      ['opened', 'ana@example.org', null, null],
      ['clicked', 'ana@example.org', null, null],
      ['bounced', 'bob@example.org', 'hard', 'No such mailbox'],
      ['deferred', 'cy@example.org', null, 'greylisted'],
      ['complained', 'ana@example.org', null, null],
      ['unsubscribed', 'ana@example.org', null, null],
    ]);
    expect(engagement[1]).toMatchObject({
      providerMessageId: id,
      userAgent: 'Mozilla/5.0',
      ip: '203.0.113.9',
    });
    expect(engagement[2]!.url).toBe('https://acme.test/spring');
    const statuses = (await Promise.all(requests.map((r) => provider.parseStatusWebhook!(r)))).flat();
    expect(statuses.map((s) => [s.status, s.errorCode ?? null])).toEqual([
      ['delivered', null],
      ['undelivered', 'bounced_hard'],
      ['sent', null],
      ['failed', 'rejected'],
    ]);

    await fake.sendEvents(`${capture.url}/e`, [fake.event('delivered', id, 'dup@example.org')], {
      duplicate: true,
    });
    const [first, second] = capture.take();
    const a = await provider.parseEngagementWebhook!(first!);
    const b = await provider.parseEngagementWebhook!(second!);
    expect(b.map((e) => e.eventKey)).toEqual(a.map((e) => e.eventKey));
    expect(a[0]!.eventKey).toMatch(/^mg-main:/);
  });

  it('refuses bad signatures, unsigned posts, stale timestamps and a token glued to another payload', async () => {
    const event = fake.event('delivered', 'x@mg.acme.test', 'ana@example.org');
    await fake.sendEvents(`${capture.url}/e`, [event], { badSignature: true });
    await fake.sendEvents(`${capture.url}/e`, [event], { unsigned: true });
    await fake.sendEvents(`${capture.url}/e`, [event], { staleSeconds: 3600 });
    for (const request of capture.take())
      await expect(provider.parseEngagementWebhook!(request)).rejects.toMatchObject({
        code: 'invalid_signature',
      });

    const signature = fake.sign();
    const original = { signature, 'event-data': event };
    const forged = { signature, 'event-data': { ...event, event: 'complained', id: 'forged' } };
    const raw = (payload: unknown) => ({
      url: 'http://127.0.0.1/e',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: JSON.stringify(payload),
    });
    await expect(provider.parseEngagementWebhook!(raw(original))).resolves.toHaveLength(1);
    await expect(provider.parseEngagementWebhook!(raw(forged))).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('parses a signed route forward with headers, threading and an attachment; refuses a forged one', async () => {
    const fields = [
      { name: 'recipient', value: 'support@acme.test' },
      { name: 'sender', value: 'ana@example.org' },
      { name: 'from', value: 'Ana <ana@example.org>' },
      { name: 'subject', value: 'Re: Welcome' },
      { name: 'body-plain', value: 'Thanks!\n> quoted' },
      { name: 'stripped-text', value: 'Thanks!' },
      { name: 'body-html', value: '<p>Thanks!</p>' },
      {
        name: 'message-headers',
        value: JSON.stringify([
          ['Message-Id', '<reply-9@example.org>'],
          ['In-Reply-To', '<msg_01TEST@acme.test>'],
          ['References', '<root@acme.test> <msg_01TEST@acme.test>'],
          ['To', 'Support <support@acme.test>'],
          ['Cc', 'boss@example.org'],
        ]),
      },
      { name: 'attachment-count', value: '1' },
      { name: 'attachment-1', filename: 'notes.txt', contentType: 'text/plain', content: 'see attached' },
    ];
    await fake.sendInbound(`${capture.url}/hooks/email/mg-main/inbound`, fields);
    await fake.sendInbound(`${capture.url}/hooks/email/mg-main/inbound`, fields, { badSignature: true });
    const [good, forged] = capture.take();
    const [message] = await provider.parseInboundWebhook!(good!);
    expect(message).toMatchObject({
      provider: 'mg-main',
      providerMessageId: '<reply-9@example.org>',
      from: 'ana@example.org',
      to: 'support@acme.test',
      subject: 'Re: Welcome',
      body: 'Thanks!\n> quoted',
    });
    expect(message!.content).toMatchObject({
      to: ['support@acme.test'],
      cc: ['boss@example.org'],
      fromName: 'Ana',
      html: '<p>Thanks!</p>',
      inReplyTo: '<msg_01TEST@acme.test>',
      references: ['<root@acme.test>', '<msg_01TEST@acme.test>'],
      attachments: [{ filename: 'notes.txt', contentType: 'text/plain', size: 12 }],
    });
    await expect(provider.parseInboundWebhook!(forged!)).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('parses a `mime` route forward (body-mime)', async () => {
    const mime =
      'From: bob@example.org\r\nTo: sales@acme.test\r\nSubject: Hi\r\nMessage-ID: <m-9@example.org>\r\n\r\nHello\r\n';
    await fake.sendInbound(`${capture.url}/mime`, [
      { name: 'recipient', value: 'sales@acme.test' },
      { name: 'body-mime', value: mime },
    ]);
    const [request] = capture.take();
    const [message] = await provider.parseInboundWebhook!(request!);
    expect(message).toMatchObject({
      providerMessageId: '<m-9@example.org>',
      from: 'bob@example.org',
      to: 'sales@acme.test',
      subject: 'Hi',
    });
  });

  it('parses a url-encoded route forward (no attachments), verified the same way', async () => {
    const signature = fake.sign();
    const form = new URLSearchParams({
      recipient: 'support@acme.test',
      sender: 'bob@example.org',
      from: 'Bob <bob@example.org>',
      subject: 'Plain',
      'body-plain': 'No files here',
      'message-headers': JSON.stringify([['Message-Id', '<plain-1@example.org>']]),
      ...signature,
    });
    const request = {
      url: 'http://127.0.0.1/hooks/email/mg-main/inbound',
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: form.toString(),
    };
    const [message] = await provider.parseInboundWebhook!(request);
    expect(message).toMatchObject({
      providerMessageId: '<plain-1@example.org>',
      body: 'No files here',
      to: 'support@acme.test',
    });
    const tampered = {
      ...request,
      body: form.toString().replace('support%40acme.test', 'other%40acme.test'),
    };
    // The signature covers only timestamp+token: the same token with another payload is refused.
    await expect(provider.parseInboundWebhook!(tampered)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });
});
