import { type SendgridFake, startSendgridFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../channel';
import type { EmailProvider } from '../email-provider';
import { createTestRuntime, outboundEmail, startWebhookCapture } from '../shared/email-test-kit';
import { sendgridProviderModule } from './sendgrid.adapter';

const signal = () => AbortSignal.timeout(5000);

describe('sendgrid email provider', () => {
  let fake: SendgridFake;
  let capture: Awaited<ReturnType<typeof startWebhookCapture>>;
  let kit: ReturnType<typeof createTestRuntime>;
  let provider: EmailProvider;

  beforeAll(async () => {
    fake = await startSendgridFake();
    capture = await startWebhookCapture();
    kit = createTestRuntime();
    provider = sendgridProviderModule.create({
      instanceId: 'sg-main',
      credentials: sendgridProviderModule.credentialsSchema.parse({
        ...fake.credentials,
        inboundToken: undefined,
      }),
      runtime: kit.runtime,
    });
  });
  afterAll(async () => {
    await fake.close();
    await capture.close();
    kit.cleanup();
  });

  it('sends the exact v3 Mail Send request', async () => {
    await kit.storage.put('att/1', new TextEncoder().encode('%PDF-1.4 tiny'));
    const result = await provider.send(
      outboundEmail({
        messageIdHeader: '<msg_01TEST@acme.test>',
        html: '<p>Hello Ana</p>',
        fromName: 'Acme News',
        cc: ['cc@example.org'],
        bcc: ['audit@acme.test'],
        replyTo: 'support@acme.test',
        headers: { 'X-Campaign': 'spring' },
        inReplyTo: '<prev@example.org>',
        references: ['<root@example.org>', '<prev@example.org>'],
        listUnsubscribe: { url: 'https://iris.test/u/abc', mailto: 'unsub@acme.test', oneClick: true },
        tags: ['welcome'],
        tracking: { opens: false, clicks: true },
        attachments: [
          { filename: 'terms.pdf', contentType: 'application/pdf', storageKey: 'att/1', size: 13 },
        ],
      }),
      { signal: signal() },
    );
    expect(result).toEqual({ providerMessageId: fake.sent[0]!.messageId, status: 'queued' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe(`Bearer ${fake.credentials.apiKey}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      personalizations: [
        {
          to: [{ email: 'ana@example.org' }],
          cc: [{ email: 'cc@example.org' }],
          bcc: [{ email: 'audit@acme.test' }],
        },
      ],
      from: { email: 'news@acme.test', name: 'Acme News' },
      reply_to: { email: 'support@acme.test' },
      subject: 'Welcome',
      content: [
        { type: 'text/plain', value: 'Hello Ana' },
        { type: 'text/html', value: '<p>Hello Ana</p>' },
      ],
      headers: {
        'Message-ID': '<msg_01TEST@acme.test>',
        'X-Campaign': 'spring',
        'In-Reply-To': '<prev@example.org>',
        References: '<root@example.org> <prev@example.org>',
        'List-Unsubscribe': '<https://iris.test/u/abc>, <mailto:unsub@acme.test>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      attachments: [
        {
          content: Buffer.from('%PDF-1.4 tiny').toString('base64'),
          filename: 'terms.pdf',
          type: 'application/pdf',
          disposition: 'attachment',
        },
      ],
      categories: ['welcome'],
      custom_args: { iris_message_id: 'msg_01TEST' },
      tracking_settings: {
        click_tracking: { enable: true, enable_text: false },
        open_tracking: { enable: false },
      },
    });
  });

  it('maps errors: 429 and 5xx are retryable, a rejected request is permanent', async () => {
    const message = outboundEmail({ messageIdHeader: '<m2@acme.test>' });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({
      retryable: true,
      code: 'provider_rate_limited',
      retryAfterMs: 2000,
    });
    fake.inject({ kind: 'status', status: 503 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    const rejected = provider.send(outboundEmail({ messageIdHeader: '<m3@acme.test>' }, { subject: '' }), {
      signal: signal(),
    });
    await expect(rejected).rejects.toMatchObject({ retryable: false, code: 'provider_rejected' });
    await expect(rejected).rejects.toThrow(/subject: The subject is required/);
    const wrongKey = sendgridProviderModule.create({
      instanceId: 'sg-bad',
      credentials: sendgridProviderModule.credentialsSchema.parse({ ...fake.credentials, apiKey: 'SG.nope' }),
      runtime: kit.runtime,
    });
    await expect(wrongKey.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: false });
    fake.inject({ kind: 'reset' });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({
      retryable: true,
      code: 'provider_unreachable',
    });
  });

  it('refuses content it cannot send, for good', async () => {
    const error = await provider
      .send(outboundEmail({ messageIdHeader: '<m4@acme.test>' }, { body: null }), { signal: signal() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: false, code: 'invalid_content' });
  });

  it('verifies and maps signed Event Webhook batches; duplicates share event keys', async () => {
    const id = 'Xm1d0AbCdEfGhIjKlMnOpQ';
    const events = [
      fake.event('processed', id, 'ana@example.org'),
      fake.event('delivered', id, 'ana@example.org', { response: '250 OK' }),
      fake.event('open', id, 'ana@example.org', { useragent: 'Mozilla/5.0', ip: '203.0.113.9' }),
      fake.event('click', id, 'ana@example.org', { url: 'https://acme.test/spring' }),
      fake.event('bounce', id, 'bob@example.org', { type: 'bounce', reason: '550 5.1.1 no such user' }),
      fake.event('bounce', id, 'cy@example.org', { type: 'blocked', reason: '421 try later' }),
      fake.event('deferred', id, 'dee@example.org', { response: '451 greylisted', attempt: '1' }),
      fake.event('spamreport', id, 'ana@example.org'),
      fake.event('unsubscribe', id, 'ana@example.org'),
      fake.event('dropped', id, 'eve@example.org', { reason: 'Bounced Address' }),
    ];
    await fake.sendEvents(`${capture.url}/hooks/email/sg-main/events`, events, { duplicate: true });
    const [first, second] = capture.take();
    const engagement = await provider.parseEngagementWebhook!(first!);
    expect(engagement.map((e) => [e.type, e.recipient, e.bounceType ?? null])).toEqual([
      ['delivered', 'ana@example.org', null],
      ['opened', 'ana@example.org', null],
      ['clicked', 'ana@example.org', null],
      ['bounced', 'bob@example.org', 'hard'],
      ['bounced', 'cy@example.org', 'soft'],
      ['deferred', 'dee@example.org', null],
      ['complained', 'ana@example.org', null],
      ['unsubscribed', 'ana@example.org', null],
    ]);
    expect(engagement[1]).toMatchObject({
      provider: 'sg-main',
      providerMessageId: id,
      userAgent: 'Mozilla/5.0',
      ip: '203.0.113.9',
    });
    expect(engagement[2]!.url).toBe('https://acme.test/spring');
    expect(engagement[3]!.reason).toBe('550 5.1.1 no such user');
    expect(engagement[0]!.eventKey).toBe(`sg-main:${events[1]!.sg_event_id}`);

    const statuses = await provider.parseStatusWebhook!(first!);
    expect(statuses.map((s) => [s.status, s.errorCode ?? null])).toEqual([
      ['delivered', null],
      ['undelivered', 'bounced_hard'],
      ['undelivered', 'bounced_soft'],
      ['sent', null],
      ['failed', 'dropped'],
    ]);
    // The redelivery is the same events: the same keys, so the pipeline stores them once.
    const again = await provider.parseEngagementWebhook!(second!);
    expect(again.map((e) => e.eventKey)).toEqual(engagement.map((e) => e.eventKey));
  });

  it('refuses forged, unsigned and tampered event batches', async () => {
    const events = [fake.event('delivered', 'abc', 'ana@example.org')];
    await fake.sendEvents(`${capture.url}/e`, events, { badSignature: true });
    await fake.sendEvents(`${capture.url}/e`, events, { unsigned: true });
    await fake.sendEvents(`${capture.url}/e`, events);
    const [forged, unsigned, good] = capture.take();
    const tampered = { ...good!, body: good!.body.replace('delivered', 'bounce') };
    for (const request of [forged!, unsigned!, tampered]) {
      await expect(provider.parseEngagementWebhook!(request)).rejects.toMatchObject({
        code: 'invalid_signature',
      });
      await expect(provider.parseStatusWebhook!(request)).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    }
  });

  it('parses a signed Inbound Parse post, with threading headers and a binary attachment stored', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]);
    await fake.sendInbound(`${capture.url}/hooks/email/sg-main/inbound`, [
      {
        name: 'headers',
        value:
          'Message-ID: <reply-1@example.org>\r\nIn-Reply-To: <msg_01TEST@acme.test>\r\nReferences: <msg_01TEST@acme.test>\r\nFrom: Ana <ana@example.org>\r\nTo: support@acme.test\r\nSubject: Re: Welcome\r\n',
      },
      { name: 'from', value: '"Ana, from Example" <Ana@Example.org>' },
      { name: 'to', value: 'Support <support@acme.test>' },
      { name: 'cc', value: 'boss@example.org' },
      { name: 'subject', value: 'Re: Welcome' },
      { name: 'text', value: 'Thanks!' },
      { name: 'html', value: '<p>Thanks!</p>' },
      { name: 'envelope', value: JSON.stringify({ to: ['support@acme.test'], from: 'ana@example.org' }) },
      { name: 'attachments', value: '1' },
      {
        name: 'attachment-info',
        value: JSON.stringify({ attachment1: { filename: 'pic.png', type: 'image/png' } }),
      },
      { name: 'attachment1', filename: 'pic.png', contentType: 'image/png', content: png },
    ]);
    const [request] = capture.take();
    const [message] = await provider.parseInboundWebhook!(request!);
    expect(message).toMatchObject({
      provider: 'sg-main',
      providerMessageId: '<reply-1@example.org>',
      channel: 'email',
      from: 'ana@example.org',
      to: 'support@acme.test',
      subject: 'Re: Welcome',
      body: 'Thanks!',
      media: [],
    });
    expect(message!.content).toMatchObject({
      to: ['support@acme.test'],
      cc: ['boss@example.org'],
      fromName: 'Ana, from Example',
      html: '<p>Thanks!</p>',
      messageIdHeader: '<reply-1@example.org>',
      inReplyTo: '<msg_01TEST@acme.test>',
      references: ['<msg_01TEST@acme.test>'],
      attachments: [{ filename: 'pic.png', contentType: 'image/png', size: png.length }],
    });
    const key = (message!.content as { attachments: { storageKey: string }[] }).attachments[0]!.storageKey;
    const stored = await kit.storage.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored!) chunks.push(chunk as Buffer);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(png);
  });

  it('parses a raw-mode Inbound Parse post (the whole MIME in `email`) and refuses a forged one', async () => {
    const mime = [
      'From: Bob <bob@example.org>',
      'To: sales@acme.test',
      'Subject: Quote',
      'Message-ID: <raw-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Need a quote.',
      '',
    ].join('\r\n');
    const fields = [
      { name: 'email', value: mime },
      { name: 'envelope', value: JSON.stringify({ to: ['sales@acme.test'], from: 'bob@example.org' }) },
    ];
    await fake.sendInbound(`${capture.url}/i`, fields);
    await fake.sendInbound(`${capture.url}/i`, fields, { badSignature: true });
    const [good, forged] = capture.take();
    const [message] = await provider.parseInboundWebhook!(good!);
    expect(message).toMatchObject({
      providerMessageId: '<raw-1@example.org>',
      from: 'bob@example.org',
      to: 'sales@acme.test',
      subject: 'Quote',
      body: 'Need a quote.\n',
    });
    await expect(provider.parseInboundWebhook!(forged!)).rejects.toMatchObject({ code: 'invalid_signature' });
  });
});
