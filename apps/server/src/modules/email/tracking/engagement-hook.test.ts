import { type MailgunFake, startMailgunFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../../testing/test-iris';
import { waitFor } from '../../../testing/wait-for';
import { startDnsTestServer } from '../testing/dns-test-server';

const THUNDERBIRD = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.3.1';

describe.each(databaseKinds())('POST /hooks/email/{provider}/events on %s', (kind) => {
  let t: TestIris;
  let mailgun: MailgunFake;
  let dns: Awaited<ReturnType<typeof startDnsTestServer>>;
  let token: string;
  let hook: string;

  beforeAll(async () => {
    mailgun = await startMailgunFake();
    dns = await startDnsTestServer();
    t = await startTestIris(kind, {
      EMAIL_DNS_SERVERS: dns.server,
      MESSAGING_PROVIDERS: JSON.stringify([
        { id: 'mg', kind: 'email', provider: 'mailgun', credentials: mailgun.credentials },
      ]),
      MESSAGING_ROUTES: JSON.stringify([{ kind: 'email', providers: ['mg'] }]),
    });
    hook = `${t.url}/hooks/email/mg/events`;
    token = (await t.signup('Events Co')).token;
    const domain = await t.request('/v1/email/domains', {
      token,
      body: { domain: 'mail.acme.test', provider: 'mg' },
    });
    dns.zone['mail.acme.test'] = { TXT: ['v=spf1 include:mailgun.org ~all'] };
    dns.zone[domain.body.records.dkim.host] = { TXT: [domain.body.records.dkim.value] };
    expect(
      (await t.request(`/v1/email/domains/${domain.body.id}/verify`, { token, method: 'POST' })).body.status,
    ).toBe('verified');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await mailgun?.close();
    await dns?.close();
  });

  /** Sends through the Mailgun fake and returns our message and Mailgun's id for it. */
  async function sendTo(to: string) {
    const sent = await t.request('/v1/email/send', {
      token,
      body: { from: 'news@mail.acme.test', to, subject: 'Hello', text: 'Hi' },
    });
    expect(sent.status).toBe(201);
    const message = await waitFor(async () => {
      const row = (await t.request(`/v1/email/messages/${sent.body.id}`, { token })).body;
      expect(row.providerMessageId).toEqual(expect.any(String));
      return row;
    });
    const mailgunId = mailgun.sent.find((s) => s.fields.to?.[0] === to)!.id;
    return { id: sent.body.id as string, mailgunId, message };
  }
  const eventsOf = async (type: string) =>
    (await t.request(`/v1/events?type=${type}`, { token })).body.data as Json[];

  it('records delivery, opens and clicks once each, moves the message to delivered and emits email.* events', async () => {
    const { id, mailgunId } = await sendTo('ann@customer.test');
    const events = [
      mailgun.event('delivered', mailgunId, 'ann@customer.test'),
      mailgun.event('opened', mailgunId, 'ann@customer.test', {
        'client-info': { 'user-agent': THUNDERBIRD },
        ip: '203.0.113.9',
      }),
      mailgun.event('clicked', mailgunId, 'ann@customer.test', {
        url: 'https://shop.test/x',
        'client-info': { 'user-agent': THUNDERBIRD },
      }),
    ];
    const responses = await mailgun.sendEvents(hook, events, { duplicate: true });
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await Promise.all(responses.map((r) => r.json()))).map((b) => (b as Json).recorded)).toEqual([
      1, 0, 1, 0, 1, 0,
    ]);

    const message = (await t.request(`/v1/email/messages/${id}`, { token })).body;
    expect(message.status).toBe('delivered');
    const engagement = (await t.request(`/v1/email/messages/${id}/engagement`, { token })).body;
    expect(engagement.counts).toEqual({ delivered: 1, opened: 1, clicked: 1 });
    expect(engagement.links).toEqual([{ url: 'https://shop.test/x', clicks: 1, uniqueClickers: 1 }]);
    expect(engagement.clients).toEqual({ Thunderbird: 2 });
    expect(engagement.events.every((e: Json) => e.source === 'mg')).toBe(true);
    expect((await eventsOf('email.delivered')).map((e) => e.data.email.messageId)).toContain(id);
    expect((await eventsOf('email.opened'))[0].data.email).toMatchObject({
      messageId: id,
      client: 'Thunderbird',
    });
  });

  it('suppresses hard bounces and complaints (not soft bounces), and marks the bounced message undelivered', async () => {
    const bounced = await sendTo('gone@customer.test');
    const deferred = await sendTo('slow@customer.test');
    const complained = await sendTo('angry@customer.test');
    await mailgun.sendEvents(hook, [
      mailgun.event('failed', deferred.mailgunId, 'slow@customer.test', {
        severity: 'temporary',
        reason: 'greylisted',
      }),
      mailgun.event('failed', bounced.mailgunId, 'gone@customer.test', {
        severity: 'permanent',
        'delivery-status': { code: 550, description: 'No such user' },
      }),
      mailgun.event('complained', complained.mailgunId, 'angry@customer.test'),
    ]);
    const suppressions = (await t.request('/v1/email/suppressions', { token })).body.data as Json[];
    expect(suppressions.map((s) => [s.address, s.reason, s.messageId])).toEqual(
      expect.arrayContaining([
        ['gone@customer.test', 'hard_bounce', bounced.id],
        ['angry@customer.test', 'complaint', complained.id],
      ]),
    );
    expect(suppressions.map((s) => s.address)).not.toContain('slow@customer.test');
    expect((await t.request(`/v1/email/messages/${bounced.id}`, { token })).body).toMatchObject({
      status: 'undelivered',
      errorCode: 'bounced_hard',
    });
    expect((await t.request(`/v1/email/messages/${deferred.id}`, { token })).body.status).toBe('sent');
    expect((await eventsOf('email.bounced'))[0].data.email).toMatchObject({
      bounceType: 'hard',
      to: 'gone@customer.test',
    });
    expect(await eventsOf('email.deferred')).toHaveLength(1);
    expect(await eventsOf('email.complained')).toHaveLength(1);

    const again = await t.request('/v1/email/send', {
      token,
      body: { from: 'news@mail.acme.test', to: 'gone@customer.test', subject: 'x', text: 'x' },
    });
    expect(again.body.code).toBe('recipient_suppressed');
  });

  it('refuses forged and unsigned events with 401 and stores nothing; unknown providers get 401 too', async () => {
    const { id, mailgunId } = await sendTo('eve@customer.test');
    const forged = await mailgun.sendEvents(
      hook,
      [mailgun.event('complained', mailgunId, 'eve@customer.test')],
      {
        badSignature: true,
      },
    );
    const unsigned = await mailgun.sendEvents(
      hook,
      [mailgun.event('complained', mailgunId, 'eve@customer.test')],
      {
        unsigned: true,
      },
    );
    expect([...forged, ...unsigned].map((r) => r.status)).toEqual([401, 401]);
    expect((await t.request(`/v1/email/messages/${id}/engagement`, { token })).body.counts).toEqual({});
    const nobody = await fetch(`${t.url}/hooks/email/sandbox/events`, { method: 'POST', body: '{}' });
    expect(nobody.status).toBe(401);
  });
});
