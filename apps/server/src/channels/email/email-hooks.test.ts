import { generateKeyPairSync } from 'node:crypto';
import {
  type MailgunFake,
  type PostmarkFake,
  type SendgridFake,
  type SesFake,
  type SmtpSink,
  startMailgunFake,
  startPostmarkFake,
  startSendgridFake,
  startSesFake,
  startSmtpSink,
} from '@iris/fakes';
import { dkimVerify } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/fixtures/http-sms/start-routed-iris';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import type { ProviderModule } from '../channel';
import type { ProviderRuntime } from '../provider-runtime';
import { EMAIL_PROVIDERS } from './registry';
import { createTestRuntime, outboundEmail } from './shared/email-test-kit';

/**
 * The email providers behind the real hook routes (`/hooks/email/{instance}/status|inbound`): a
 * verified webhook is stored once, a forged one is answered 401 and leaves nothing behind.
 */
describe.each(databaseKinds())('email provider webhooks through the hook routes on %s', (kind) => {
  let iris: TestIris;
  let sendgrid: SendgridFake;
  let mailgun: MailgunFake;
  let postmark: PostmarkFake;
  let ses: SesFake;
  let sink: SmtpSink;
  let token: string;
  const dkim = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let inboundAddress: string;

  const receipts = async (provider: string) => {
    const { rows } = await iris.iris.database.executeSql(
      'select count(*)::int as n from status_receipts where provider = $1',
      [provider],
    );
    return (rows[0] as { n: number }).n;
  };
  const inboundEmails = async () =>
    (await iris.request('/v1/messages?channel=email&direction=inbound', { token })).body.data as Json[];

  beforeAll(async () => {
    // IRIS's URL is known up front, so the fakes can post their automatic events and inbound mail to it.
    const port = await freePort();
    const hooks = (id: string) => ({
      eventsUrl: `http://127.0.0.1:${port}/hooks/email/${id}/status`,
      inboundUrl: `http://127.0.0.1:${port}/hooks/email/${id}/inbound`,
    });
    [sendgrid, mailgun, postmark, ses, sink] = await Promise.all([
      startSendgridFake(hooks('sg')),
      startMailgunFake(hooks('mg')),
      startPostmarkFake(hooks('pm')),
      startSesFake({ eventsUrl: hooks('ses').eventsUrl }),
      startSmtpSink(),
    ]);
    const smtp = {
      host: sink.host,
      port: sink.port,
      ignoreTLS: true,
      dkimKeys: [
        {
          domainName: 'acme.test',
          keySelector: 'iris',
          privateKey: dkim.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        },
      ],
    };
    iris = await startTestIris(kind, {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MESSAGING_PROVIDERS: JSON.stringify([
        { id: 'sg', kind: 'email', provider: 'sendgrid', credentials: sendgrid.credentials },
        { id: 'mg', kind: 'email', provider: 'mailgun', credentials: mailgun.credentials },
        { id: 'pm', kind: 'email', provider: 'postmark', credentials: postmark.credentials },
        { id: 'ses', kind: 'email', provider: 'ses', credentials: ses.credentials },
        { id: 'relay', kind: 'email', provider: 'smtp', credentials: smtp },
      ]),
      // Email goes out through the SMTP relay; the other instances only receive webhooks here.
      MESSAGING_ROUTES: JSON.stringify([{ kind: 'email', providers: ['relay'] }]),
    });
    const admin = await iris.signup('Hooked Mail');
    token = admin.token;
    const senders = (await iris.request('/v1/numbers', { token })).body.data as Json[];
    inboundAddress = senders.find((s) => s.kind === 'email_address').address;
  }, 120_000);
  afterAll(async () => {
    await iris?.close();
    await Promise.all([sendgrid?.close(), mailgun?.close(), postmark?.close(), ses?.close(), sink?.close()]);
  });

  it('sendgrid: forged events get 401 and store nothing; signed ones are stored once', async () => {
    const url = `${iris.url}/hooks/email/sg/status`;
    const events = [
      sendgrid.event('delivered', 'SGid000000000000000001', 'ana@example.org'),
      sendgrid.event('bounce', 'SGid000000000000000002', 'bob@example.org', { type: 'bounce' }),
    ];
    const [forged] = await sendgrid.sendEvents(url, events, { badSignature: true });
    const [unsigned] = await sendgrid.sendEvents(url, events, { unsigned: true });
    expect([forged!.status, unsigned!.status]).toEqual([401, 401]);
    expect(await forged!.json()).toMatchObject({ code: 'unauthorized' });
    expect(await receipts('sg')).toBe(0);

    const [first, again] = await sendgrid.sendEvents(url, events, { duplicate: true });
    expect([first!.status, again!.status]).toEqual([200, 200]);
    expect(await first!.json()).toEqual({ received: 2 });
    expect(await receipts('sg')).toBe(2);
  });

  it('sendgrid: Inbound Parse is stored as an inbound email of the tenant; a forged post is not', async () => {
    const url = `${iris.url}/hooks/email/sg/inbound`;
    const fields = [
      {
        name: 'headers',
        value: `Message-ID: <in-1@example.org>\nIn-Reply-To: <msg_x@acme.test>\nTo: ${inboundAddress}\n`,
      },
      { name: 'from', value: 'Ana <ana@example.org>' },
      { name: 'to', value: inboundAddress },
      { name: 'subject', value: 'Question' },
      { name: 'text', value: 'Is it open?' },
      { name: 'envelope', value: JSON.stringify({ to: [inboundAddress], from: 'ana@example.org' }) },
    ];
    const [forged] = await sendgrid.sendInbound(url, fields, { badSignature: true });
    expect(forged!.status).toBe(401);
    expect(await inboundEmails()).toEqual([]);

    const [stored, redelivered] = await sendgrid.sendInbound(url, fields, { duplicate: true });
    expect(await stored!.json()).toEqual({ received: 1 });
    expect(await redelivered!.json()).toEqual({ received: 0 });
    const emails = await inboundEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      channel: 'email',
      direction: 'inbound',
      from: 'ana@example.org',
      to: inboundAddress,
      subject: 'Question',
      body: 'Is it open?',
    });
  });

  it('mailgun: a stale or forged event gets 401; a signed one is stored', async () => {
    const url = `${iris.url}/hooks/email/mg/status`;
    const event = mailgun.event('delivered', 'mgid-1@mg.acme.test', 'ana@example.org');
    const [stale] = await mailgun.sendEvents(url, [event], { staleSeconds: 7200 });
    const [forged] = await mailgun.sendEvents(url, [event], { badSignature: true });
    expect([stale!.status, forged!.status]).toEqual([401, 401]);
    expect(await receipts('mg')).toBe(0);
    const [good] = await mailgun.sendEvents(url, [event]);
    expect(await good!.json()).toEqual({ received: 1 });
    expect(await receipts('mg')).toBe(1);
  });

  it('postmark: webhooks without the Basic credentials get 401; with them they are stored', async () => {
    const url = `${iris.url}/hooks/email/pm/status`;
    const record = postmark.record('Delivery', 'pm-message-1', 'ana@example.org');
    const [wrong] = await postmark.sendEvents(url, [record], { badSignature: true });
    expect(wrong!.status).toBe(401);
    expect(await receipts('pm')).toBe(0);
    const [good] = await postmark.sendEvents(url, [record]);
    expect(await good!.json()).toEqual({ received: 1 });
    expect(await receipts('pm')).toBe(1);
  });

  it('ses: the SNS subscription is confirmed, forged notifications get 401, signed ones are stored', async () => {
    const url = `${iris.url}/hooks/email/ses/status`;
    const [confirmation] = await ses.sendSubscriptionConfirmation(url);
    expect(await confirmation!.json()).toEqual({ received: 0 });
    expect(ses.confirmations).toHaveLength(1);
    const record = ses.event('Delivery', 'ses-message-1', 'ana@example.org', {
      recipients: ['ana@example.org'],
    });
    const [forged] = await ses.sendNotifications(url, [record], { badSignature: true });
    expect(forged!.status).toBe(401);
    expect(await receipts('ses')).toBe(0);
    const [good] = await ses.sendNotifications(url, [record]);
    expect(await good!.json()).toEqual({ received: 1 });
    expect(await receipts('ses')).toBe(1);
  });

  it('POST /v1/messages sends through the SMTP provider: DKIM-signed, verified by mailauth', async () => {
    // The sandbox address is pinned to the sandbox provider: a sender of the tenant's own, on the relay.
    const sender = await iris.request('/v1/numbers', {
      token,
      body: { kind: 'email_address', address: 'news@acme.test', capabilities: ['email'], provider: 'relay' },
    });
    expect(sender.status).toBe(201);
    const created = await iris.request('/v1/messages', {
      token,
      body: {
        channel: 'email',
        from: 'news@acme.test',
        to: 'ana@example.org',
        subject: 'Hello',
        body: 'Hi Ana',
      },
    });
    expect(created.status).toBe(201);
    const sent = await waitFor(async () => {
      const message = (await iris.request(`/v1/messages/${created.body.id}`, { token })).body;
      if (message.status !== 'sent') throw new Error(`message is ${message.status}`);
      return message;
    });
    expect(sent.provider).toBe('relay');
    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0]!;
    expect(received.to).toEqual(['ana@example.org']);
    expect(received.raw.toString()).toContain(`Message-ID: ${sent.providerMessageId}`);
    const publicKey = dkim.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const verified = await dkimVerify(received.raw, {
      resolver: async (name: string) => {
        if (name !== 'iris._domainkey.acme.test')
          throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
        return [[`v=DKIM1; k=rsa; p=${publicKey}`]];
      },
    });
    expect(verified.results[0]!.status.result).toBe('pass');
  });

  it('the fakes, as `iris fakes` runs them, answer each send with a signed event IRIS accepts', async () => {
    const kit = createTestRuntime();
    try {
      const instances = { sg: sendgrid, mg: mailgun, pm: postmark, ses } as const;
      const modules = { sg: 'sendgrid', mg: 'mailgun', pm: 'postmark', ses: 'ses' } as const;
      for (const [id, fake] of Object.entries(instances) as [
        keyof typeof instances,
        (typeof instances)[keyof typeof instances],
      ][]) {
        const module = EMAIL_PROVIDERS.find((m) => m.id === modules[id]) as ProviderModule<
          'email',
          unknown,
          ProviderRuntime
        >;
        const provider = module.create({
          instanceId: id,
          credentials: module.credentialsSchema.parse(fake.credentials),
          runtime: kit.runtime,
        });
        const before = await receipts(id);
        await provider.send(outboundEmail({ messageIdHeader: `<auto-${id}@acme.test>` }), {
          signal: AbortSignal.timeout(5000),
        });
        await fake.settled();
        expect(await receipts(id)).toBe(before + 1);
      }
    } finally {
      kit.cleanup();
    }
  });

  it('POST <fake>/_fake/inbound makes the fake deliver a signed inbound email to IRIS', async () => {
    const before = (await inboundEmails()).length;
    for (const fake of [sendgrid, mailgun, postmark]) {
      const response = await fetch(`${fake.url}/_fake/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'demo@example.org', to: inboundAddress, body: 'Hello from a fake' }),
      });
      expect(await response.json()).toEqual({ delivered: [200] });
    }
    const emails = await inboundEmails();
    expect(emails).toHaveLength(before + 3);
    expect(emails.filter((e: Json) => e.from === 'demo@example.org').map((e: Json) => e.body)).toEqual([
      'Hello from a fake',
      'Hello from a fake',
      'Hello from a fake',
    ]);
  });
});
