import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../../testing/test-iris';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const OUTLOOK = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)';

describe.each(databaseKinds())('email tracking and suppression on %s', (kind) => {
  let t: TestIris;
  let key: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestIris(kind, {
      EMAIL_TRACK_OPENS: 'true',
      EMAIL_TRACK_CLICKS: 'true',
      EMAIL_DNS_SERVERS: '127.0.0.1:9',
    });
    const tenant = await t.signup('Track Co');
    token = tenant.token;
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [tenant.tenantId],
    );
    key = (
      await t.request('/v1/api-keys', {
        token,
        body: { name: 'backend', scopes: ['read', 'messages:write'] },
      })
    ).body.key;
  }, 120_000);
  afterAll(() => t?.close());

  const send = (body: Record<string, unknown>) => t.request('/v1/email/send', { token: key, body });
  /** The path of a tracking URL (the app's PUBLIC_URL is not where the test reaches it). */
  const pathOf = (url: string) => new URL(url).pathname;
  const hit = (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => fetch(`${t.url}${path}`, { redirect: 'manual', ...init });
  const eventsOf = async (type: string) =>
    (await t.request(`/v1/events?type=${type}`, { token: key })).body.data;

  it('counts opens and clicks with device and client, and redirects only to the links of the email', async () => {
    const sent = await send({
      to: 'ann@customer.test',
      subject: 'Sale',
      html: '<html><body><a href="https://shop.test/sale?x=1&amp;y=2">Sale</a> <a href="https://shop.test/faq">FAQ</a></body></html>',
    });
    expect(sent.status).toBe(201);
    const html: string = sent.body.email.html;
    const clicks = [...html.matchAll(/href="([^"]+)"/g)].map((m) => pathOf(m[1]!));
    const pixel = pathOf(/<img src="([^"]+)"/.exec(html)![1]!);
    expect(clicks).toHaveLength(2);
    expect(pixel).toMatch(/^\/t\/o\/[\w-]+\.[\w-]+\.gif$/);

    const opened = await hit(pixel, { headers: { 'user-agent': IPHONE } });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await opened.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe('GIF89a');

    const first = await hit(clicks[0]!, { headers: { 'user-agent': OUTLOOK } });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://shop.test/sale?x=1&y=2');
    await hit(clicks[0]!, { headers: { 'user-agent': IPHONE } });
    expect((await hit(clicks[1]!)).headers.get('location')).toBe('https://shop.test/faq');

    const engagement = (await t.request(`/v1/email/messages/${sent.body.id}/engagement`, { token: key }))
      .body;
    expect(engagement.counts).toEqual({ opened: 1, clicked: 3 });
    expect(engagement.links).toEqual(
      expect.arrayContaining([
        { url: 'https://shop.test/sale?x=1&y=2', clicks: 2, uniqueClickers: 2 },
        { url: 'https://shop.test/faq', clicks: 1, uniqueClickers: 1 },
      ]),
    );
    expect(engagement.devices).toEqual({ mobile: 2, desktop: 2 }); // the last click came from fetch's own agent
    expect(engagement.clients).toMatchObject({ 'Apple Mail': 2, Outlook: 1 });
    const links = (await t.request('/v1/email/links', { token: key })).body.data;
    expect(links[0]).toEqual({ url: 'https://shop.test/sale?x=1&y=2', clicks: 2, recipients: 1, emails: 1 });

    const clicked = await eventsOf('email.clicked');
    expect(clicked).toHaveLength(3);
    expect(clicked.map((e: Json) => e.data.email)).toContainEqual(
      expect.objectContaining({
        messageId: sent.body.id,
        url: 'https://shop.test/faq',
        to: 'ann@customer.test',
      }),
    );
    expect((await eventsOf('email.opened'))[0].data.email).toMatchObject({
      device: 'mobile',
      client: 'Apple Mail',
    });
  });

  it('cannot be made to redirect anywhere not in the email: forged, altered and cross-purpose tokens get 404', async () => {
    const sent = await send({
      to: 'ann@customer.test',
      subject: 'S',
      html: '<a href="https://shop.test/a">a</a>',
    });
    const click = pathOf(/href="([^"]+)"/.exec(sent.body.email.html)![1]!);
    const pixel = pathOf(/<img src="([^"]+)"/.exec(sent.body.email.html)![1]!);
    const [payload, mac] = click.slice('/t/c/'.length).split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(decoded.u).toBe('https://shop.test/a');
    const evil = Buffer.from(JSON.stringify({ ...decoded, u: 'https://evil.test/phish' })).toString(
      'base64url',
    );
    const attempts = [
      `/t/c/${evil}.${mac}`,
      `/t/c/${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`,
      `/t/c/${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `/t/c/${payload}`,
      `/t/c/${pixel.slice('/t/o/'.length).replace(/\.gif$/, '')}`,
      `/t/c/${encodeURIComponent('https://evil.test/')}`,
      `/t/c/x${payload}.${mac}`,
    ];
    for (const attempt of attempts) {
      const response = await hit(attempt);
      expect(response.status, attempt).toBe(404);
      expect(response.headers.get('location'), attempt).toBeNull();
    }
    // A forged pixel still answers the image (the email's layout never breaks) but counts nothing.
    expect((await hit(`/t/o/${evil}.${mac}.gif`)).status).toBe(200);
    const engagement = (await t.request(`/v1/email/messages/${sent.body.id}/engagement`, { token: key }))
      .body;
    expect(engagement.counts).toEqual({});
  });

  it('unsubscribes with one click (RFC 8058), suppresses the address, and refuses the next send with 422 recipient_suppressed', async () => {
    const sent = await send({ to: 'Carl@Customer.test', subject: 'News', text: 'news' });
    const unsubscribe = pathOf(sent.body.email.listUnsubscribe.url);

    const page = await hit(unsubscribe);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    // Looking at the page (or a link scanner fetching it) unsubscribes nobody.
    expect((await t.request('/v1/email/suppressions', { token: key })).body.data).toEqual([]);

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const once = await hit(unsubscribe, {
      method: 'POST',
      headers: form,
      body: 'List-Unsubscribe=One-Click',
    });
    expect(once.status).toBe(200);
    expect(await once.text()).toContain('You are unsubscribed');
    expect(
      (await hit(unsubscribe, { method: 'POST', headers: form, body: 'List-Unsubscribe=One-Click' })).status,
    ).toBe(200);
    expect(
      (await hit(`${unsubscribe}x`, { method: 'POST', headers: form, body: 'List-Unsubscribe=One-Click' }))
        .status,
    ).toBe(404);

    const suppressions = (await t.request('/v1/email/suppressions', { token: key })).body.data;
    expect(suppressions).toEqual([
      expect.objectContaining({
        address: 'carl@customer.test',
        reason: 'unsubscribe',
        messageId: sent.body.id,
      }),
    ]);
    expect(await eventsOf('email.unsubscribed')).toHaveLength(1);

    const refused = await send({ to: 'carl@customer.test', subject: 'More news', text: 'x' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'recipient_suppressed', title: 'Recipient suppressed' });
    expect(refused.body.detail).toContain('carl@customer.test (unsubscribe)');
    const viaMessages = await t.request('/v1/messages', {
      token: key,
      body: { channel: 'email', to: 'CARL@customer.test', subject: 'x', body: 'x' },
    });
    expect(viaMessages.body.code).toBe('recipient_suppressed');

    // Removing the suppression lets mail through again.
    const removed = await t.request(`/v1/email/suppressions/${suppressions[0].id}`, {
      token: key,
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    expect((await send({ to: 'carl@customer.test', subject: 'Back', text: 'x' })).status).toBe(201);
  });

  it('manages manual suppressions, which also stop cc and bcc', async () => {
    const added = await t.request('/v1/email/suppressions', {
      token: key,
      body: { address: 'Dana@Customer.test', detail: 'asked by phone' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      address: 'dana@customer.test',
      reason: 'manual',
      detail: 'asked by phone',
    });
    const again = await t.request('/v1/email/suppressions', {
      token: key,
      body: { address: 'dana@customer.test' },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(added.body.id);
    expect((await t.request(`/v1/email/suppressions/${added.body.id}`, { token: key })).body.address).toBe(
      'dana@customer.test',
    );
    const filtered = await t.request('/v1/email/suppressions?reason=manual&address=DANA@customer.test', {
      token: key,
    });
    expect(filtered.body.data.map((s: Json) => s.id)).toEqual([added.body.id]);

    const cc = await send({ to: 'ann@customer.test', cc: ['dana@customer.test'], subject: 'S', text: 'x' });
    expect(cc.body.code).toBe('recipient_suppressed');
    const bcc = await send({ to: 'ann@customer.test', bcc: ['dana@customer.test'], subject: 'S', text: 'x' });
    expect(bcc.body.code).toBe('recipient_suppressed');
  });
});
