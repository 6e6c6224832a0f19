import { metaErrorBody } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { BUSINESS_NUMBER, startWhatsAppIris, type WhatsAppIris } from './whatsapp-test-iris';

describe.each(databaseKinds())('WhatsApp webhook (Meta) on %s', (kind) => {
  let t: WhatsAppIris;
  let token: string;
  const contact = '+14155550100';
  const webhook = () => `${t.url}/v1/whatsapp/webhook`;
  const inbound = (to = '') => t.request(`/v1/whatsapp/messages?direction=inbound${to}`, { token });

  beforeAll(async () => {
    // Statuses are posted by hand here (in any order); no automatic callbacks.
    t = await startWhatsAppIris(kind, { callbacks: 'none' });
    ({ token } = await t.tenantWithNumber('Webhook Tenant'));
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  it('answers the subscription handshake only for our verify token', async () => {
    const ok = await t.fake.verifySubscription(webhook(), { challenge: '1158201444' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    expect((await t.fake.verifySubscription(webhook(), { token: 'wrong' })).status).toBe(403);
    const underscores = await fetch(
      `${webhook()}?hub_mode=subscribe&hub_verify_token=${t.fake.credentials.verifyToken}&hub_challenge=7`,
    );
    expect(await underscores.text()).toBe('7');
    const badMode = await fetch(
      `${webhook()}?hub.mode=unsubscribe&hub.verify_token=${t.fake.credentials.verifyToken}&hub.challenge=7`,
    );
    expect(badMode.status).toBe(403);
  });

  it('stores a signed inbound message once, with the sender as +wa_id, hands it to the hooks and opens the window', async () => {
    const [first] = await t.fake.sendInbound([
      { from: '14155550100', id: 'wamid.in-1', profileName: 'Ann', type: 'text', text: 'hello' },
    ]);
    expect(first!.status).toBe(200);
    expect(await first!.json()).toEqual({ received: 1, duplicates: 0, statuses: 0, templates: 0 });
    const list = (await inbound()).body.data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      channel: 'whatsapp',
      direction: 'inbound',
      status: 'received',
      from: contact,
      to: BUSINESS_NUMBER,
      body: 'hello',
      provider: 'meta-main',
      providerMessageId: 'wamid.in-1',
      content: { type: 'text', profile: { name: 'Ann' } },
    });
    expect(t.hooked.map((m) => [m.id, m.channel, m.from, m.to])).toEqual([
      [list[0].id, 'whatsapp', contact, BUSINESS_NUMBER],
    ]);
    const windows = await t.request(`/v1/whatsapp/windows?contact=${encodeURIComponent(contact)}`, { token });
    expect(windows.body.data).toEqual([
      expect.objectContaining({ contact, businessNumber: BUSINESS_NUMBER, open: true }),
    ]);

    // Meta redelivers: the same wamid is dropped.
    const again = await t.fake.sendInbound(
      [{ from: contact, id: 'wamid.in-1', type: 'text', text: 'hello' }],
      {
        duplicate: true,
      },
    );
    expect(await Promise.all(again.map((r) => r.json()))).toEqual([
      { received: 0, duplicates: 1, statuses: 0, templates: 0 },
      { received: 0, duplicates: 1, statuses: 0, templates: 0 },
    ]);
    expect((await inbound()).body.data).toHaveLength(1);
    expect(t.hooked).toHaveLength(1);
  });

  it('takes the same signed notifications on the generic /hooks/whatsapp/{instance}/inbound', async () => {
    const url = `${t.url}/hooks/whatsapp/meta-main/inbound`;
    const [ok] = await t.fake.sendInbound(
      [{ from: '+14155550105', id: 'wamid.generic', type: 'text', text: 'via hooks' }],
      {},
      url,
    );
    expect(ok!.status).toBe(200);
    const [forged] = await t.fake.sendInbound(
      [{ from: '+14155550105', type: 'text', text: 'x' }],
      { badSignature: true },
      url,
    );
    expect(forged!.status).toBe(401);
    const stored = (await inbound('&from=%2B14155550105')).body.data;
    expect(stored.map((m: Json) => [m.providerMessageId, m.body])).toEqual([['wamid.generic', 'via hooks']]);
  });

  it('refuses a bad or missing signature (or a number it does not serve) with 401 and stores nothing', async () => {
    const message = (id: string) => [{ from: '14155550101', id, type: 'text' as const, text: 'forged' }];
    const [bad] = await t.fake.sendInbound(message('wamid.bad'), { badSignature: true });
    const [missing] = await t.fake.sendInbound(message('wamid.unsigned'), { unsigned: true });
    const stranger = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            { field: 'messages', value: { metadata: { phone_number_id: '999', display_phone_number: '1' } } },
          ],
        },
      ],
    };
    const [unknown] = await t.fake.postWebhook(stranger);
    expect([bad!.status, missing!.status, unknown!.status]).toEqual([401, 401, 401]);
    expect(((await bad!.json()) as Json).code).toBe('unauthorized');
    expect((await inbound('&from=%2B14155550101')).body.data).toEqual([]);
    expect(t.hooked.filter((m) => m.from === '+14155550101')).toEqual([]);
    const windows = await t.request('/v1/whatsapp/windows?contact=%2B14155550101', { token });
    expect(windows.body.data).toEqual([]);
  });

  it('applies statuses in any order without moving a message backwards, and names a failure', async () => {
    const sent = await t.request('/v1/whatsapp/send/text', {
      token,
      body: { from: BUSINESS_NUMBER, to: contact, body: 'order ready' },
    });
    expect(sent.status).toBe(201);
    const sentRow = await waitFor(async () => {
      const row = (await t.request(`/v1/messages/${sent.body.id}`, { token })).body;
      expect(row.providerMessageId).toMatch(/^wamid\./);
      return row;
    });
    const wamid = sentRow.providerMessageId as string;
    const at = Math.floor(Date.now() / 1000);
    const responses = await t.fake.sendStatuses(
      [
        { id: wamid, status: 'read', recipient: contact, timestamp: at + 3 },
        { id: wamid, status: 'delivered', recipient: contact, timestamp: at + 2 },
        { id: wamid, status: 'sent', recipient: contact, timestamp: at + 1 },
      ],
      { duplicate: true },
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const final = (await t.request(`/v1/messages/${sent.body.id}`, { token })).body;
    expect(final.status).toBe('read');
    expect(final.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'read']);

    const closed = await t.request('/v1/whatsapp/send/text', {
      token,
      body: { from: BUSINESS_NUMBER, to: contact, body: 'late' },
    });
    const closedWamid = (
      await waitFor(async () => {
        const row = (await t.request(`/v1/messages/${closed.body.id}`, { token })).body;
        expect(row.providerMessageId).toBeTruthy();
        return row;
      })
    ).providerMessageId;
    await t.fake.sendStatuses([
      { id: closedWamid, status: 'failed', recipient: contact, errors: [{ code: 131047 }] },
    ]);
    const failed = (await t.request(`/v1/messages/${closed.body.id}`, { token })).body;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'whatsapp_window_closed' });
    expect(failed.errorMessage).toMatch(/^131047 Re-engagement message/);
  });

  it('rides out Meta throttling (429 with Retry-After) and a 5xx: the send is retried and goes out once', async () => {
    t.fake.inject(
      { kind: 'status', status: 429, retryAfterSeconds: 1, body: metaErrorBody(130429) },
      { path: /\/messages$/ },
    );
    t.fake.inject({ kind: 'status', status: 500, body: metaErrorBody(131000) }, { path: /\/messages$/ });
    const sent = await t.request('/v1/whatsapp/send/text', {
      token,
      body: { from: BUSINESS_NUMBER, to: contact, body: 'retry me' },
    });
    const row = await waitFor(
      async () => {
        const message = (await t.request(`/v1/messages/${sent.body.id}`, { token })).body;
        expect(message.status).toBe('sent');
        return message;
      },
      { timeoutMs: 30_000 },
    );
    expect(row.routing.map((d: Json) => [d.outcome, d.code])).toEqual([
      ['retryable_error', 'provider_rate_limited'],
      ['retryable_error', 'provider_unavailable'],
      ['sent', undefined],
    ]);
    expect(t.fake.sent.filter((s) => s.request.biz_opaque_callback_data === sent.body.id)).toHaveLength(1);
  });

  it('stores inbound media in the object store, fetched from the Graph API with the token', async () => {
    const mediaId = t.fake.hostMedia(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'image/jpeg');
    await t.fake.sendInbound([
      { from: contact, id: 'wamid.img', type: 'image', mediaId, mimeType: 'image/jpeg', caption: 'receipt' },
    ]);
    const row = await waitFor(async () => {
      const [message] = (await t.request('/v1/whatsapp/messages?direction=inbound', { token })).body.data;
      expect(message.providerMessageId).toBe('wamid.img');
      expect(message.media[0]).toMatch(new RegExp(`/v1/messages/${message.id}/media/med_`));
      return message;
    });
    expect(row).toMatchObject({ body: 'receipt', content: { type: 'image', media: { id: mediaId } } });
    // Our copy, at our own media URL (its host is PUBLIC_URL's; the test server's port is its own).
    const download = await fetch(`${t.url}${new URL(row.media[0]).pathname}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
    );
    const lookups = t.fake.requests.filter(
      (r) => r.path === `/v23.0/${mediaId}` || r.path === `/_fake/media/${mediaId}`,
    );
    expect(lookups.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${t.fake.credentials.accessToken}`,
      `Bearer ${t.fake.credentials.accessToken}`,
    ]);
  });

  it('moves synced templates on template status updates (with an event), and syncs one it has not seen', async () => {
    t.fake.templates.push({
      id: '501',
      name: 'welcome',
      language: 'en_US',
      status: 'PENDING',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Welcome!' }],
    });
    const synced = await t.request('/v1/whatsapp/templates/sync', { token, method: 'POST' });
    expect(synced.body.accounts).toEqual([{ provider: 'meta-main', synced: 1, removed: 0 }]);
    const [update] = await t.fake.sendTemplateStatus(
      { templateId: '501', name: 'welcome', language: 'en_US', event: 'APPROVED' },
      { duplicate: true },
    );
    expect(await update!.json()).toMatchObject({ templates: 1 });
    const [template] = (await t.request('/v1/whatsapp/templates?name=welcome', { token })).body.data;
    expect(template).toMatchObject({ status: 'APPROVED', category: 'MARKETING', externalId: '501' });
    const events = (await t.request('/v1/events?type=whatsapp.template_status_changed', { token })).body.data;
    expect(
      events.map((e: Json) => [e.data.template.name, e.data.template.previousStatus, e.data.template.status]),
    ).toEqual([['welcome', 'PENDING', 'APPROVED']]);

    t.fake.templates.push({
      id: '502',
      name: 'new_one',
      language: 'es',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [],
    });
    await t.fake.sendTemplateStatus({
      templateId: '502',
      name: 'new_one',
      language: 'es',
      event: 'APPROVED',
    });
    await waitFor(async () => {
      const rows = (await t.request('/v1/whatsapp/templates?name=new_one', { token })).body.data;
      expect(rows).toEqual([expect.objectContaining({ language: 'es', status: 'APPROVED' })]);
    });
  });
});
