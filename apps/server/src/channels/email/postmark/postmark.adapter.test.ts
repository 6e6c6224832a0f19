import { type PostmarkFake, startPostmarkFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailProvider } from '../email-provider';
import { createTestRuntime, outboundEmail, startWebhookCapture } from '../shared/email-test-kit';
import { postmarkProviderModule } from './postmark.adapter';

const signal = () => AbortSignal.timeout(5000);

describe('postmark email provider', () => {
  let fake: PostmarkFake;
  let capture: Awaited<ReturnType<typeof startWebhookCapture>>;
  let kit: ReturnType<typeof createTestRuntime>;
  let provider: EmailProvider;

  beforeAll(async () => {
    fake = await startPostmarkFake({ inactiveRecipients: ['gone@example.org'] });
    capture = await startWebhookCapture();
    kit = createTestRuntime();
    provider = postmarkProviderModule.create({
      instanceId: 'pm-main',
      credentials: postmarkProviderModule.credentialsSchema.parse(fake.credentials),
      runtime: kit.runtime,
    });
  });
  afterAll(async () => {
    await fake.close();
    await capture.close();
    kit.cleanup();
  });

  it('sends the exact POST /email request', async () => {
    await kit.storage.put('att/logo', new Uint8Array([9, 8, 7]));
    const result = await provider.send(
      outboundEmail({
        messageIdHeader: '<msg_01TEST@acme.test>',
        html: '<p>Hi</p>',
        fromName: 'Acme',
        bcc: ['audit@acme.test'],
        replyTo: 'support@acme.test',
        listUnsubscribe: { url: 'https://iris.test/u/abc', oneClick: false },
        tags: ['welcome', 'ignored-second'],
        tracking: { opens: true, clicks: true },
        attachments: [
          {
            filename: 'logo.png',
            contentType: 'image/png',
            storageKey: 'att/logo',
            size: 3,
            contentId: 'logo1',
          },
        ],
      }),
      { signal: signal() },
    );
    expect(result).toEqual({ providerMessageId: fake.sent.at(-1)!.messageId, status: 'queued' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/email');
    expect(request.headers['x-postmark-server-token']).toBe(fake.credentials.serverToken);
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      From: '"Acme" <news@acme.test>',
      To: 'ana@example.org',
      Bcc: 'audit@acme.test',
      Subject: 'Welcome',
      TextBody: 'Hello Ana',
      HtmlBody: '<p>Hi</p>',
      ReplyTo: 'support@acme.test',
      Tag: 'welcome',
      Headers: [
        { Name: 'Message-ID', Value: '<msg_01TEST@acme.test>' },
        { Name: 'List-Unsubscribe', Value: '<https://iris.test/u/abc>' },
      ],
      TrackOpens: true,
      TrackLinks: 'HtmlAndText',
      Attachments: [{ Name: 'logo.png', Content: 'CQgH', ContentType: 'image/png', ContentID: 'cid:logo1' }],
      Metadata: { iris_message_id: 'msg_01TEST' },
      MessageStream: 'outbound',
    });
  });

  it('maps errors: an inactive recipient and bad token are permanent; 5xx and 429 retryable', async () => {
    await expect(
      provider.send(outboundEmail({ messageIdHeader: '<m@acme.test>' }, { to: 'gone@example.org' }), {
        signal: signal(),
      }),
    ).rejects.toMatchObject({ retryable: false, code: 'recipient_inactive' });
    const message = outboundEmail({ messageIdHeader: '<m2@acme.test>' });
    fake.inject({ kind: 'status', status: 500 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    fake.inject({ kind: 'status', status: 429 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    const wrong = postmarkProviderModule.create({
      instanceId: 'pm-bad',
      credentials: postmarkProviderModule.credentialsSchema.parse({
        ...fake.credentials,
        serverToken: 'nope',
      }),
      runtime: kit.runtime,
    });
    await expect(wrong.send(message, { signal: signal() })).rejects.toMatchObject({
      retryable: false,
      code: 'provider_rejected',
    });
  });

  it('accepts webhooks with the Basic credentials, maps them, and keys redeliveries alike', async () => {
    const id = '883953f4-6105-42a2-a16a-77a8eac79483';
    const records = [
      fake.record('Delivery', id, 'ana@example.org'),
      fake.record('Open', id, 'ana@example.org', { UserAgent: 'Thunderbird' }),
      fake.record('Click', id, 'ana@example.org', { OriginalLink: 'https://acme.test/a' }),
      fake.record('Bounce', id, 'bob@example.org'),
      fake.record('Bounce', id, 'cy@example.org', { Type: 'SoftBounce', TypeCode: 4096, Inactive: false }),
      fake.record('Bounce', id, 'auto@example.org', { Type: 'AutoResponder', TypeCode: 64, Inactive: false }),
      fake.record('SpamComplaint', id, 'ana@example.org'),
      fake.record('SubscriptionChange', id, 'ana@example.org'),
      fake.record('SubscriptionChange', id, 'back@example.org', { SuppressSending: false }),
    ];
    await fake.sendEvents(`${capture.url}/hooks/email/pm-main/events`, records, { duplicate: true });
    const requests = capture.take();
    const engagement = (await Promise.all(requests.map((r) => provider.parseEngagementWebhook!(r)))).flat();
    const firsts = engagement.filter((_, i) => i % 2 === 0);
    expect(firsts.map((e) => [e.type, e.recipient, e.bounceType ?? null])).toEqual([
      ['delivered', 'ana@example.org', null],
      ['opened', 'ana@example.org', null],
      ['clicked', 'ana@example.org', null],
      ['bounced', 'bob@example.org', 'hard'],
      ['bounced', 'cy@example.org', 'soft'],
      ['complained', 'ana@example.org', null],
      ['unsubscribed', 'ana@example.org', null],
    ]);
    expect(firsts[1]!.userAgent).toBe('Thunderbird');
    expect(firsts[2]!.url).toBe('https://acme.test/a');
    expect(firsts[3]!.reason).toMatch(/550 5.1.1/);
    // Each record went twice: each pair shares its key, and no two records share one.
    const keys = engagement.map((e) => e.eventKey);
    for (let i = 0; i < keys.length; i += 2) expect(keys[i]).toBe(keys[i + 1]);
    expect(new Set(keys).size).toBe(keys.length / 2);
    const statuses = (
      await Promise.all(requests.slice(0, 10).map((r) => provider.parseStatusWebhook!(r)))
    ).flat();
    expect(statuses.map((s) => [s.status, s.errorCode ?? null])).toEqual([
      ['delivered', null],
      ['delivered', null],
      ['undelivered', 'bounced_hard'],
      ['undelivered', 'bounced_hard'],
      ['undelivered', 'bounced_soft'],
      ['undelivered', 'bounced_soft'],
    ]);
  });

  it('refuses webhooks with wrong or missing credentials', async () => {
    const record = fake.record('Delivery', 'x', 'ana@example.org');
    await fake.sendEvents(`${capture.url}/e`, [record], { badSignature: true });
    await fake.sendEvents(`${capture.url}/e`, [record], { unsigned: true });
    await fake.sendInbound(`${capture.url}/e`, { MessageID: 'x' }, { badSignature: true });
    const [wrong, missing, inbound] = capture.take();
    await expect(provider.parseEngagementWebhook!(wrong!)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
    await expect(provider.parseStatusWebhook!(missing!)).rejects.toMatchObject({ code: 'invalid_signature' });
    await expect(provider.parseInboundWebhook!(inbound!)).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });

  it('parses the inbound webhook with threading headers and attachments', async () => {
    await fake.sendInbound(`${capture.url}/hooks/email/pm-main/inbound`, {
      FromName: 'Ana',
      MessageStream: 'inbound',
      From: 'ana@example.org',
      FromFull: { Email: 'ana@example.org', Name: 'Ana', MailboxHash: '' },
      To: 'support@acme.test',
      ToFull: [{ Email: 'support@acme.test', Name: '', MailboxHash: '' }],
      CcFull: [{ Email: 'boss@example.org', Name: 'Boss', MailboxHash: '' }],
      OriginalRecipient: 'support@acme.test',
      Subject: 'Re: Welcome',
      MessageID: '22c74902-a0c1-4511-804f-341342852c90',
      Date: 'Thu, 5 Apr 2024 16:59:01 +0200',
      TextBody: 'Thanks!',
      HtmlBody: '<p>Thanks!</p>',
      Headers: [
        { Name: 'Message-ID', Value: '<reply-7@example.org>' },
        { Name: 'In-Reply-To', Value: '<msg_01TEST@acme.test>' },
        { Name: 'References', Value: '<msg_01TEST@acme.test>' },
      ],
      Attachments: [
        {
          Name: 'a.txt',
          Content: Buffer.from('hello').toString('base64'),
          ContentType: 'text/plain',
          ContentLength: 5,
        },
      ],
    });
    const [request] = capture.take();
    const [message] = await provider.parseInboundWebhook!(request!);
    expect(message).toMatchObject({
      provider: 'pm-main',
      providerMessageId: '<reply-7@example.org>',
      from: 'ana@example.org',
      to: 'support@acme.test',
      subject: 'Re: Welcome',
      body: 'Thanks!',
      receivedAt: new Date('2024-04-05T14:59:01Z'),
    });
    expect(message!.content).toMatchObject({
      cc: ['boss@example.org'],
      inReplyTo: '<msg_01TEST@acme.test>',
      references: ['<msg_01TEST@acme.test>'],
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', size: 5 }],
    });
  });
});
