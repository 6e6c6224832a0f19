import { type SesFake, startSesFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailProvider } from '../email-provider';
import { createTestRuntime, outboundEmail, startWebhookCapture } from '../shared/email-test-kit';
import { sesProviderModule } from './ses.adapter';
import { signAwsRequest } from './sigv4';

const signal = () => AbortSignal.timeout(5000);

describe('amazon ses email provider', () => {
  let fake: SesFake;
  let capture: Awaited<ReturnType<typeof startWebhookCapture>>;
  let kit: ReturnType<typeof createTestRuntime>;
  let provider: EmailProvider;
  const create = (overrides: Record<string, unknown> = {}) =>
    sesProviderModule.create({
      instanceId: 'ses-main',
      credentials: sesProviderModule.credentialsSchema.parse({
        ...fake.credentials,
        configurationSetName: 'iris-events',
        ...overrides,
      }),
      runtime: kit.runtime,
    });

  beforeAll(async () => {
    fake = await startSesFake({ suppressed: ['blocked@example.org'] });
    capture = await startWebhookCapture();
    kit = createTestRuntime();
    provider = create();
  });
  afterAll(async () => {
    await fake.close();
    await capture.close();
    kit.cleanup();
  });

  it('sends the exact SigV4-signed SendEmail request', async () => {
    await kit.storage.put('att/a', new TextEncoder().encode('abc'));
    const before = Date.now();
    const result = await provider.send(
      outboundEmail({
        messageIdHeader: '<msg_01TEST@acme.test>',
        html: '<p>Hi</p>',
        fromName: 'Acme',
        cc: ['cc@example.org'],
        replyTo: 'support@acme.test',
        inReplyTo: '<prev@example.org>',
        tags: ['spring sale'],
        attachments: [{ filename: 'a.txt', contentType: 'text/plain', storageKey: 'att/a', size: 3 }],
      }),
      { signal: signal() },
    );
    expect(result).toEqual({ providerMessageId: fake.sent.at(-1)!.messageId, status: 'queued' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v2/email/outbound-emails');
    expect(request.headers['content-type']).toBe('application/json');
    const signedAt = new Date(
      request.headers['x-amz-date']!.replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        '$1-$2-$3T$4:$5:$6Z',
      ),
    );
    expect(Math.abs(signedAt.getTime() - before)).toBeLessThan(5000);
    // The Authorization header is exactly what SigV4 gives for these bytes at that instant.
    const expected = signAwsRequest({
      method: 'POST',
      url: `${fake.url}/v2/email/outbound-emails`,
      headers: { 'content-type': 'application/json' },
      body: request.body,
      region: 'eu-west-1',
      service: 'ses',
      credentials: fake.credentials,
      now: signedAt,
    });
    expect(request.headers.authorization).toBe(expected.headers.authorization);
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${fake.credentials.accessKeyId}/\\d{8}/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(JSON.parse(request.body)).toEqual({
      FromEmailAddress: '"Acme" <news@acme.test>',
      Destination: { ToAddresses: ['ana@example.org'], CcAddresses: ['cc@example.org'] },
      ReplyToAddresses: ['support@acme.test'],
      Content: {
        Simple: {
          Subject: { Data: 'Welcome', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Hello Ana', Charset: 'UTF-8' },
            Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'In-Reply-To', Value: '<prev@example.org>' }],
          Attachments: [
            {
              FileName: 'a.txt',
              ContentType: 'text/plain',
              RawContent: 'YWJj',
              ContentDisposition: 'ATTACHMENT',
              ContentTransferEncoding: 'BASE64',
            },
          ],
        },
      },
      EmailTags: [
        { Name: 'iris_message_id', Value: 'msg_01TEST' },
        { Name: 'tag_spring_sale', Value: 'true' },
      ],
      ConfigurationSetName: 'iris-events',
    });
  });

  it('maps errors: a rejected message is permanent, throttling and 5xx retryable, a bad secret refused', async () => {
    const message = outboundEmail({ messageIdHeader: '<m@acme.test>' });
    await expect(
      provider.send(outboundEmail({ messageIdHeader: '<m@acme.test>' }, { to: 'blocked@example.org' }), {
        signal: signal(),
      }),
    ).rejects.toMatchObject({
      retryable: false,
      code: 'provider_rejected',
      message: expect.stringMatching(/MessageRejected/),
    });
    fake.inject({ kind: 'status', status: 429 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    fake.inject({ kind: 'status', status: 503 });
    await expect(provider.send(message, { signal: signal() })).rejects.toMatchObject({ retryable: true });
    await expect(
      create({ secretAccessKey: 'wrong' }).send(message, { signal: signal() }),
    ).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/SignatureDoesNotMatch/),
    });
  });

  it('verifies SNS notifications and maps SES events; redeliveries keep their keys', async () => {
    const id = '0102018f-aaaa-bbbb';
    const records = [
      fake.event('Send', id, 'ana@example.org'),
      fake.event('Delivery', id, 'ana@example.org', {
        recipients: ['ana@example.org'],
        smtpResponse: '250 ok',
      }),
      fake.event('Open', id, 'ana@example.org', { ipAddress: '203.0.113.9', userAgent: 'Mozilla/5.0' }),
      fake.event('Click', id, 'ana@example.org', {
        link: 'https://acme.test/x',
        ipAddress: '203.0.113.9',
        userAgent: 'UA',
      }),
      fake.event('Bounce', id, 'bob@example.org', {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          { emailAddress: 'bob@example.org', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
      }),
      fake.event('Bounce', id, 'cy@example.org', {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [{ emailAddress: 'cy@example.org' }],
      }),
      fake.event('Complaint', id, 'ana@example.org', {
        complainedRecipients: [{ emailAddress: 'ana@example.org' }],
      }),
      fake.event('DeliveryDelay', id, 'dee@example.org', {
        delayType: 'MailboxFull',
        delayedRecipients: [{ emailAddress: 'dee@example.org', status: '4.2.2' }],
      }),
      fake.event('Subscription', id, 'ana@example.org', { contactList: 'news' }),
      fake.event('Reject', id, 'eve@example.org', { reason: 'Bad content' }),
    ];
    await fake.sendNotifications(`${capture.url}/hooks/email/ses-main/events`, records, { duplicate: true });
    const requests = capture.take();
    expect(requests).toHaveLength(20);
    const firsts = requests.filter((_, i) => i % 2 === 0);
    const engagement = (await Promise.all(firsts.map((r) => provider.parseEngagementWebhook!(r)))).flat();
    expect(engagement.map((e) => [e.type, e.recipient, e.bounceType ?? null])).toEqual([
      ['delivered', 'ana@example.org', null],
      ['opened', 'ana@example.org', null],
      ['clicked', 'ana@example.org', null],
      ['bounced', 'bob@example.org', 'hard'],
      ['bounced', 'cy@example.org', 'soft'],
      ['complained', 'ana@example.org', null],
      ['deferred', 'dee@example.org', null],
      ['unsubscribed', 'ana@example.org', null],
    ]);
    expect(engagement[1]).toMatchObject({
      providerMessageId: id,
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
    });
    expect(engagement[2]!.url).toBe('https://acme.test/x');
    expect(engagement[3]!.reason).toBe('smtp; 550 5.1.1 user unknown');
    const seconds = (
      await Promise.all(
        requests.filter((_, i) => i % 2 === 1).map((r) => provider.parseEngagementWebhook!(r)),
      )
    ).flat();
    expect(seconds.map((e) => e.eventKey)).toEqual(engagement.map((e) => e.eventKey));
    const statuses = (await Promise.all(firsts.map((r) => provider.parseStatusWebhook!(r)))).flat();
    expect(statuses.map((s) => [s.status, s.errorCode ?? null])).toEqual([
      ['delivered', null],
      ['undelivered', 'bounced_hard'],
      ['undelivered', 'bounced_soft'],
      ['sent', null],
      ['failed', 'rejected'],
    ]);
  });

  it('confirms a signed subscription once, by visiting SubscribeURL', async () => {
    await fake.sendSubscriptionConfirmation(`${capture.url}/hooks/email/ses-main/events`);
    const [request] = capture.take();
    expect(await provider.parseEngagementWebhook!(request!)).toEqual([]);
    expect(await provider.parseStatusWebhook!(request!)).toEqual([]);
    expect(fake.confirmations).toHaveLength(1);
  });

  it('refuses forged, unsigned and tampered messages, foreign certificate URLs and unexpected topics', async () => {
    const record = fake.event('Delivery', 'x', 'ana@example.org', { recipients: ['ana@example.org'] });
    await fake.sendNotifications(`${capture.url}/e`, [record], { badSignature: true });
    await fake.sendNotifications(`${capture.url}/e`, [record], { unsigned: true });
    await fake.sendSubscriptionConfirmation(`${capture.url}/e`, { badSignature: true });
    const raw = (message: Record<string, unknown>) => ({
      url: 'http://127.0.0.1/e',
      headers: new Headers({ 'content-type': 'text/plain' }),
      body: JSON.stringify(message),
    });
    const good = fake.notification(record);
    const tampered = raw({ ...good, Message: String(good.Message).replace('Delivery', 'Bounce') });
    const foreignCert = raw({ ...good, SigningCertURL: 'https://evil.example/cert.pem' });
    const httpAws = raw({ ...good, SigningCertURL: 'http://sns.eu-west-1.amazonaws.com/cert.pem' });
    const otherTopic = raw({ ...good, TopicArn: 'arn:aws:sns:eu-west-1:999:other' });
    for (const request of [...capture.take(), tampered, foreignCert, httpAws, otherTopic])
      await expect(provider.parseEngagementWebhook!(request)).rejects.toMatchObject({
        code: 'invalid_signature',
      });
    expect(fake.confirmations).toHaveLength(1);
    expect(await provider.parseEngagementWebhook!(raw(good))).toHaveLength(1);
  });

  it('verifies SignatureVersion 1 (SHA1withRSA) too', async () => {
    const v1 = await startSesFake({ signatureVersion: '1' });
    try {
      const provider1: EmailProvider = sesProviderModule.create({
        instanceId: 'ses-v1',
        credentials: sesProviderModule.credentialsSchema.parse(v1.credentials),
        runtime: kit.runtime,
      });
      const notification = v1.notification(
        v1.event('Delivery', 'y', 'a@example.org', { recipients: ['a@example.org'] }),
      );
      expect(notification.SignatureVersion).toBe('1');
      const events = await provider1.parseEngagementWebhook!({
        url: 'http://127.0.0.1/e',
        headers: new Headers(),
        body: JSON.stringify(notification),
      });
      expect(events.map((e) => e.type)).toEqual(['delivered']);
    } finally {
      await v1.close();
    }
  });
});
