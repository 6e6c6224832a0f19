import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type SmtpSink, startSmtpSink } from '@iris/fakes';
import { dkimVerify } from 'mailauth';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsTestServer } from '../modules/email/testing/dns-test-server';
import { MIME_CORPUS, withAttachment } from '../modules/email/testing/mime-corpus';
import { objectsFolder } from '../platform/storage/object-store';
import { databaseKinds } from '../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../testing/test-iris';
import { waitFor } from '../testing/wait-for';

/** Above the 1 MB header limit of the parser, so huge headers reach it (and are refused with 554). */
const MAX_BYTES = 2_500_000;

describe.each(databaseKinds())('the smtp role on %s', (kind) => {
  let t: TestIris;
  let sink: SmtpSink;
  let dns: Awaited<ReturnType<typeof startDnsTestServer>>;
  let token: string;
  let inbox: string;
  let domainId: string;
  let smtp: nodemailer.Transporter;

  beforeAll(async () => {
    sink = await startSmtpSink();
    dns = await startDnsTestServer();
    t = await startTestIris(kind, {
      IRIS_ROLES: 'api,worker,smtp',
      SMTP_PORT: '0',
      SMTP_MAX_MESSAGE_BYTES: String(MAX_BYTES),
      EMAIL_DNS_SERVERS: dns.server,
      MESSAGING_PROVIDERS: JSON.stringify([
        {
          id: 'smtp-out',
          kind: 'email',
          provider: 'smtp',
          credentials: { host: sink.host, port: sink.port, ignoreTLS: true },
        },
      ]),
      MESSAGING_ROUTES: JSON.stringify([{ kind: 'email', providers: ['smtp-out'] }]),
    });
    const tenant = await t.signup('Inbound Co');
    token = tenant.token;
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    inbox = (await t.request('/v1/numbers', { token })).body.data.find(
      (n: Json) => n.kind === 'email_address',
    ).address;
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.iris.smtp!.port,
      secure: false,
      ignoreTLS: true,
    });

    // A verified domain that sends through the SMTP provider and receives at any address.
    const domain = await t.request('/v1/email/domains', {
      token,
      body: { domain: 'help.acme.test', inbound: true },
    });
    domainId = domain.body.id;
    dns.zone['help.acme.test'] = { TXT: ['v=spf1 ip4:127.0.0.1 -all'] };
    dns.zone[domain.body.records.dkim.host] = { TXT: [domain.body.records.dkim.value] };
    expect(
      (await t.request(`/v1/email/domains/${domainId}/verify`, { token, method: 'POST' })).body.status,
    ).toBe('verified');
  }, 120_000);
  afterAll(async () => {
    smtp?.close();
    await t?.close();
    await sink?.close();
    await dns?.close();
  });

  const inboundEmails = async () =>
    (await t.request('/v1/messages?direction=inbound&channel=email&limit=200', { token })).body
      .data as Json[];
  const email = async (id: string) => (await t.request(`/v1/email/messages/${id}`, { token })).body;
  /** Sends raw bytes as they are; resolves to the server's reply code. */
  const sendRaw = (raw: Buffer, to: string[]) =>
    smtp.sendMail({ envelope: { from: 'sender@corpus.test', to }, raw }).then(
      () => 250,
      (error: { responseCode?: number }) => error.responseCode ?? 0,
    );

  it('stores mail for a tenant address: parts, attachments in the object store, threading headers, email.received', async () => {
    const info = await smtp.sendMail({
      from: '"Ann Lee" <ann@customer.test>',
      to: inbox,
      subject: 'Hello there',
      text: 'Plain hello',
      html: '<p>Plain <b>hello</b></p>',
      messageId: '<first@customer.test>',
      inReplyTo: '<older@customer.test>',
      references: ['<root@customer.test>', '<older@customer.test>'],
      attachments: [{ filename: 'notes.txt', content: 'attached words' }],
    });
    expect(info.accepted).toEqual([inbox]);
    const [row] = (await inboundEmails()).filter((m) => m.subject === 'Hello there');
    expect(row).toMatchObject({
      from: 'ann@customer.test',
      to: inbox,
      status: 'received',
      provider: 'smtp',
      body: 'Plain hello',
    });
    const stored = await email(row.id);
    expect(stored.email).toMatchObject({
      messageIdHeader: '<first@customer.test>',
      inReplyTo: '<older@customer.test>',
      references: ['<root@customer.test>', '<older@customer.test>'],
      fromName: 'Ann Lee',
      to: [inbox],
      html: '<p>Plain <b>hello</b></p>',
      autoSubmitted: false,
    });
    const [attachment] = stored.email.attachments;
    expect(attachment).toMatchObject({ filename: 'notes.txt', contentType: 'text/plain', size: 14 });
    expect(existsSync(join(objectsFolder(t.iris.config.dataDir), attachment.storageKey))).toBe(true);
    const received = (await t.request('/v1/events?type=email.received', { token })).body.data;
    expect(received.map((e: Json) => e.data.email.messageId)).toContain(row.id);

    // The same message again (a sender retrying after a lost reply) is acknowledged and stored once.
    await smtp.sendMail({
      from: 'ann@customer.test',
      to: inbox,
      subject: 'Hello there',
      text: 'Plain hello',
      messageId: '<first@customer.test>',
    });
    expect((await inboundEmails()).filter((m) => m.subject === 'Hello there')).toHaveLength(1);
  });

  it('answers 550 for unknown recipients at RCPT and keeps the known ones; 552 for an oversized message', async () => {
    const info = await smtp.sendMail({
      from: 'ann@customer.test',
      to: [inbox, 'nobody@nowhere.test'],
      subject: 'Mixed',
      text: 'x',
    });
    expect(info.accepted).toEqual([inbox]);
    expect(info.rejected).toEqual(['nobody@nowhere.test']);
    expect(info.rejectedErrors?.[0]?.responseCode).toBe(550);
    expect(await sendRaw(Buffer.from('Subject: x\r\n\r\nx'), ['stranger@sandbox.iris.test'])).toBe(550);

    expect(await sendRaw(withAttachment(inbox, MAX_BYTES), [inbox])).toBe(552);
    // Under the limit, the same shape is stored whole.
    expect(await sendRaw(withAttachment(inbox, 100_000), [inbox])).toBe(250);
  });

  it('survives a malformed-MIME corpus: each is stored best-effort or refused with 554, and mail after it still arrives', async () => {
    const before = (await inboundEmails()).length;
    const outcomes: Record<string, number> = {};
    for (const entry of MIME_CORPUS) outcomes[entry.name] = await sendRaw(entry.raw(inbox), [inbox]);
    expect(outcomes).toEqual(
      Object.fromEntries(MIME_CORPUS.map((e) => [e.name, e.expect === 'parsed' ? 250 : 554])),
    );
    const parsed = MIME_CORPUS.filter((e) => e.expect === 'parsed').length;
    expect((await inboundEmails()).length).toBe(before + parsed);
    expect(
      await sendRaw(Buffer.from(`From: a@x.test\r\nTo: ${inbox}\r\nSubject: after the corpus\r\n\r\nfine`), [
        inbox,
      ]),
    ).toBe(250);
    expect((await inboundEmails()).some((m) => m.subject === 'after the corpus')).toBe(true);
  });

  it('round trip: /v1/email/send through the SMTP provider to a sink, and the reply to our listener threads back to it', async () => {
    const sent = await t.request('/v1/email/send', {
      token,
      body: {
        from: 'orders@help.acme.test',
        fromName: 'Acme Orders',
        to: 'ann@customer.test',
        subject: 'Order shipped',
        html: '<p>Track it <a href="https://track.test/1">here</a>.</p>',
        tracking: { clicks: true },
        attachments: [
          {
            filename: 'label.txt',
            contentType: 'text/plain',
            content: Buffer.from('LABEL').toString('base64'),
          },
        ],
      },
    });
    expect(sent.status).toBe(201);
    const outbound = await waitFor(async () => {
      const message = sink.messages.find(
        (m) => m.to.includes('ann@customer.test') && m.raw.includes('Order shipped'),
      );
      expect(message).toBeDefined();
      return message!;
    });
    // Signed with the key IRIS generated for the domain: mailauth finds the record /v1/email/domains published.
    const dkim = await dkimVerify(outbound.raw, {
      resolver: async (name: string, type: string) => {
        const txt = type === 'TXT' ? dns.zone[name]?.TXT : undefined;
        if (!txt) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
        return txt.map((record) => [record]);
      },
    });
    expect(dkim.results.map((r) => [r.signingDomain, r.status.result])).toEqual([['help.acme.test', 'pass']]);
    const wire = await simpleParser(outbound.raw);
    expect(wire.messageId).toBe(sent.body.email.messageIdHeader);
    expect(wire.from?.text).toBe('"Acme Orders" <orders@help.acme.test>');
    const header = (name: string) =>
      wire.headerLines.find((h) => h.key === name)?.line.replace(/\r\n(?=[ \t])/g, '');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${sent.body.email.listUnsubscribe.url}>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(wire.html).toMatch(/href="http:\/\/localhost:\d+\/t\/c\/[\w-]+\.[\w-]+"/);
    expect(wire.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['label.txt', 'LABEL']]);
    await waitFor(async () => expect((await email(sent.body.id)).status).toBe('sent'));

    await smtp.sendMail({
      from: 'ann@customer.test',
      to: 'orders@help.acme.test',
      subject: 'Re: Order shipped',
      text: 'Thanks!',
      inReplyTo: wire.messageId,
      references: [wire.messageId!],
    });
    const reply = (await inboundEmails()).find((m) => m.subject === 'Re: Order shipped')!;
    expect(reply).toMatchObject({ to: 'orders@help.acme.test', from: 'ann@customer.test' });
    expect((await email(reply.id)).email).toMatchObject({
      inReplyTo: sent.body.email.messageIdHeader,
      references: [sent.body.email.messageIdHeader],
      replyToMessageId: sent.body.id,
    });
  });

  it('threads a whole email conversation: customer mail, agent reply through SMTP, customer answer — one conversation', async () => {
    await smtp.sendMail({
      from: 'bea@customer.test',
      to: 'support@help.acme.test',
      subject: 'Broken widget',
      text: 'It broke.',
      messageId: '<bea-1@customer.test>',
    });
    const first = (await inboundEmails()).find((m) => m.subject === 'Broken widget')!;
    const conversations = await waitFor(async () => {
      const list = (await t.request('/v1/conversations?channel=email', { token })).body.data as Json[];
      expect(list.length).toBeGreaterThan(0);
      return list;
    });
    const timelines = await Promise.all(
      conversations.map(async (c) => ({
        id: c.id,
        items: (await t.request(`/v1/conversations/${c.id}/messages`, { token })).body.data as Json[],
      })),
    );
    const conversation = timelines.find((c) => JSON.stringify(c.items).includes(first.id))!;
    expect(conversation).toBeDefined();

    const answer = await t.request(`/v1/conversations/${conversation.id}/messages`, {
      token,
      body: { body: 'We are on it.' },
    });
    expect(answer.status).toBe(201);
    const agentMail = await waitFor(async () => {
      const message = sink.messages.find((m) => m.to.includes('bea@customer.test'));
      expect(message).toBeDefined();
      return simpleParser(message!.raw);
    });
    expect(agentMail.inReplyTo).toBe('<bea-1@customer.test>');
    expect(agentMail.messageId).toMatch(/^<msg_[0-9a-z]+@help\.acme\.test>$/);

    await smtp.sendMail({
      from: 'bea@customer.test',
      to: 'support@help.acme.test',
      subject: 'Re: Broken widget',
      text: 'Thank you',
      inReplyTo: agentMail.messageId,
      references: ['<bea-1@customer.test>', agentMail.messageId!],
    });
    const third = (await inboundEmails()).find((m) => m.subject === 'Re: Broken widget')!;
    const items = (await t.request(`/v1/conversations/${conversation.id}/messages`, { token })).body
      .data as Json[];
    expect(JSON.stringify(items)).toContain(third.id);
    expect((await email(third.id)).email.replyToMessageId).toBe(agentMail.messageId!.slice(1).split('@')[0]);
  });

  it('files raw MIME posted by the tenant for its own addresses only', async () => {
    const raw = `From: carl@customer.test\r\nTo: ${inbox}\r\nSubject: Forwarded\r\nMessage-ID: <fwd-1@customer.test>\r\n\r\nvia a forwarding rule`;
    const post = (body: string, query = '', auth = token) =>
      fetch(`${t.url}/v1/email/inbound/raw${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'message/rfc822' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const first = await post(raw);
    expect(first.status).toBe(200);
    expect(first.body.received).toEqual([{ recipient: inbox, messageId: expect.stringMatching(/^msg_/) }]);
    expect((await email(first.body.received[0].messageId)).body).toBe('via a forwarding rule');
    expect((await post(raw)).body.received).toEqual([{ recipient: inbox, messageId: null }]);

    const other = await t.signup('Other Co');
    const refused = await post(raw, '', other.token);
    expect(refused.status).toBe(422);
    expect(
      (await post(raw, `?to=${encodeURIComponent('x@help.acme.test')}`)).body.received[0].recipient,
    ).toBe('x@help.acme.test');
  });

  it('turning inbound off for the domain makes its addresses unknown (550)', async () => {
    await t.request(`/v1/email/domains/${domainId}`, { token, method: 'PATCH', body: { inbound: false } });
    expect(await sendRaw(Buffer.from('Subject: x\r\n\r\nx'), ['anyone@help.acme.test'])).toBe(550);
    await t.request(`/v1/email/domains/${domainId}`, { token, method: 'PATCH', body: { inbound: true } });
    expect(await sendRaw(Buffer.from('Subject: x\r\n\r\nx'), ['anyone@help.acme.test'])).toBe(250);
  });
});
