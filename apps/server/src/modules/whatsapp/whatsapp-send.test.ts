import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { SYNC_TEMPLATES } from './sync-templates';
import { BUSINESS_NUMBER, startWhatsAppIris, type WhatsAppIris } from './whatsapp-test-iris';

const ORDER_TEMPLATE = {
  id: '9001',
  name: 'order_shipped',
  language: 'en_US',
  status: 'APPROVED' as const,
  category: 'UTILITY' as const,
  components: [
    { type: 'HEADER', format: 'IMAGE' },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}' }] },
  ],
};

describe.each(databaseKinds())('WhatsApp sends on %s', (kind) => {
  let t: WhatsAppIris;
  let token: string;
  let sandboxNumber: string;
  const contact = '+14155550110';
  const send = (type: string, body: Record<string, unknown>) =>
    t.request(`/v1/whatsapp/send/${type}`, { token, body: { from: BUSINESS_NUMBER, to: contact, ...body } });
  /** The Graph request the fake accepted for one of our messages (it carries our id as callback data). */
  const graphRequestOf = (messageId: string) =>
    waitFor(async () => {
      const sent = t.fake.sent.find((s) => s.request.biz_opaque_callback_data === messageId);
      expect(sent).toBeDefined();
      return sent!.request;
    });

  beforeAll(async () => {
    t = await startWhatsAppIris(kind, { templates: [ORDER_TEMPLATE] });
    ({ token, sandboxNumber } = await t.tenantWithNumber('Send Tenant'));
  }, 60_000);
  afterAll(() => t?.close(), 60_000);

  it('refuses free-form messages outside the 24-hour window, on every endpoint, and sends nothing', async () => {
    const text = await send('text', { body: 'hello?' });
    expect(text.status).toBe(422);
    expect(text.body).toMatchObject({
      code: 'whatsapp_window_closed',
      title: 'WhatsApp customer service window closed',
    });
    expect(text.body.detail).toMatch(/never written to/);
    const generic = await t.request('/v1/messages', {
      token,
      body: { channel: 'whatsapp', from: BUSINESS_NUMBER, to: contact, body: 'hello?' },
    });
    expect(generic.body.code).toBe('whatsapp_window_closed');
    const location = await send('location', { latitude: 1, longitude: 2 });
    expect(location.body.code).toBe('whatsapp_window_closed');
    expect(t.fake.sent).toEqual([]);
  });

  it('validates a template against the synced one, then sends it outside the window', async () => {
    const template = {
      name: 'order_shipped',
      language: 'en_US',
      header: { type: 'image', link: 'https://cdn.example.com/box.png' },
      body: ['Ann', 'A-100'],
      buttons: [{ index: 0, type: 'url', text: 'A-100' }],
    };
    const unsynced = await send('template', { template });
    expect(unsynced.status).toBe(422);
    expect(unsynced.body.errors[0]).toMatchObject({ path: 'template.name' });

    const synced = await t.request('/v1/whatsapp/templates/sync', { token, method: 'POST' });
    expect(synced.body).toEqual({ accounts: [{ provider: 'meta-main', synced: 1, removed: 0 }] });
    const listed = (await t.request('/v1/whatsapp/templates', { token })).body.data;
    expect(listed).toEqual([
      expect.objectContaining({
        name: 'order_shipped',
        status: 'APPROVED',
        category: 'UTILITY',
        parameterFormat: 'positional',
      }),
    ]);
    expect((await t.request(`/v1/whatsapp/templates/${listed[0].id}`, { token })).body.externalId).toBe(
      '9001',
    );

    const wrong = await send('template', {
      template: {
        ...template,
        header: { type: 'document', link: 'https://cdn.example.com/a.pdf' },
        body: ['Ann'],
        buttons: [],
      },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: Json) => e.path)).toEqual([
      'template.header',
      'template.body',
      'template.buttons',
    ]);

    const ok = await send('template', { template });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      channel: 'whatsapp',
      body: 'Hi Ann, your order A-100 has shipped.',
      content: { type: 'template' },
    });
    expect(await graphRequestOf(ok.body.id)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: contact,
      biz_opaque_callback_data: ok.body.id,
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { policy: 'deterministic', code: 'en_US' },
        components: [
          {
            type: 'header',
            parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/box.png' } }],
          },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ann' },
              { type: 'text', text: 'A-100' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A-100' }] },
        ],
      },
    });
    // The fake's automatic sent → delivered callbacks come back through /v1/whatsapp/webhook.
    await waitFor(async () =>
      expect((await t.request(`/v1/messages/${ok.body.id}`, { token })).body.status).toBe('delivered'),
    );

    const viaMessages = await t.request('/v1/messages', {
      token,
      body: {
        channel: 'whatsapp',
        from: BUSINESS_NUMBER,
        to: contact,
        template: { name: 'order_shipped', variables: { '1': 'Bo' } },
      },
    });
    expect(viaMessages.status).toBe(422);
    expect(viaMessages.body.errors.map((e: Json) => e.path)).toContain('template.body');
  });

  it('sends free-form messages once the contact has written: text as a reply, media uploaded, buttons, reactions', async () => {
    await t.fake.sendInbound([
      { from: contact, id: 'wamid.hello', type: 'text', text: 'hi, where is my order?' },
    ]);
    const [incoming] = (await t.request('/v1/whatsapp/messages?direction=inbound', { token })).body.data;
    const text = await send('text', { body: 'On its way!', replyTo: incoming.id });
    expect(text.status).toBe(201);
    expect(await graphRequestOf(text.body.id)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: contact,
      biz_opaque_callback_data: text.body.id,
      context: { message_id: 'wamid.hello' },
      type: 'text',
      text: { body: 'On its way!' },
    });

    const form = new FormData();
    form.set(
      'file',
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])], { type: 'image/png' }),
      'label.png',
    );
    const upload = await fetch(`${t.url}/v1/whatsapp/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const media = (await upload.json()) as Json;
    expect(upload.status).toBe(201);
    expect(media).toMatchObject({
      id: expect.stringMatching(/^wam_/),
      kind: 'image',
      contentType: 'image/png',
      sizeBytes: 6,
      filename: 'label.png',
    });
    const image = await send('image', { mediaId: media.id, caption: 'your label' });
    expect(image.status).toBe(201);
    const imageRequest = await graphRequestOf(image.body.id);
    const uploadedId = (imageRequest.image as { id: string }).id;
    expect(imageRequest.image).toEqual({ id: uploadedId, caption: 'your label' });
    expect(t.fake.media.get(uploadedId)).toMatchObject({ mimeType: 'image/png' });
    const asDocument = await send('document', { mediaId: media.id });
    expect(asDocument.body.errors[0]).toMatchObject({
      path: 'mediaId',
      message: 'is image; this message takes document',
    });

    const buttons = await send('buttons', {
      body: 'Happy?',
      buttons: [
        { id: 'y', title: 'Yes' },
        { id: 'n', title: 'No' },
      ],
    });
    expect((await graphRequestOf(buttons.body.id)).interactive).toMatchObject({
      type: 'button',
      body: { text: 'Happy?' },
    });
    const reaction = await send('reaction', { messageId: incoming.id, emoji: '👍' });
    expect((await graphRequestOf(reaction.body.id)).reaction).toEqual({
      message_id: 'wamid.hello',
      emoji: '👍',
    });
    const document = await send('document', {
      link: 'https://cdn.example.com/invoice.pdf',
      filename: 'invoice.pdf',
    });
    expect((await graphRequestOf(document.body.id)).document).toEqual({
      link: 'https://cdn.example.com/invoice.pdf',
      filename: 'invoice.pdf',
    });
  });

  it('refuses uploads WhatsApp would refuse: unknown types and files that are not what they claim', async () => {
    const upload = async (bytes: number[], type: string) => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(bytes)], { type }), 'x');
      const response = await fetch(`${t.url}/v1/whatsapp/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Json };
    };
    expect((await upload([60, 104], 'text/html')).body.errors[0].message).toBe(
      'text/html is not a media type WhatsApp carries',
    );
    expect((await upload([1, 2, 3], 'image/jpeg')).body.errors[0].message).toBe(
      "the file's content is not image/jpeg",
    );
  });

  it('marks an inbound message read at Meta and here', async () => {
    const [incoming] = (await t.request('/v1/whatsapp/messages?direction=inbound', { token })).body.data;
    const read = await t.request(`/v1/whatsapp/messages/${incoming.id}/read`, { token, method: 'POST' });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('read');
    expect(t.fake.read).toContain(incoming.providerMessageId);
    const outbound = (await t.request('/v1/whatsapp/messages?direction=outbound', { token })).body.data[0];
    expect(
      (await t.request(`/v1/whatsapp/messages/${outbound.id}/read`, { token, method: 'POST' })).status,
    ).toBe(404);
  });

  it('shows the account at Meta and the figures', async () => {
    const account = (await t.request('/v1/whatsapp/account', { token })).body.numbers;
    expect(account).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          address: BUSINESS_NUMBER,
          provider: 'meta-main',
          verifiedName: 'IRIS Test Business',
          qualityRating: 'GREEN',
        }),
        expect.objectContaining({
          address: sandboxNumber,
          provider: 'sandbox',
          sandbox: true,
          phoneNumberId: null,
        }),
      ]),
    );
    const stats = (await t.request('/v1/whatsapp/stats?days=1', { token })).body;
    expect(stats.inbound).toBe(1);
    expect(stats.openWindows).toBe(1);
    expect(stats.templates).toEqual({ APPROVED: 1 });
    expect(Object.values(stats.outbound as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('applies the window to the sandbox too: the device simulator opens it', async () => {
    const device = '+14155550177';
    const closed = await t.request('/v1/messages', {
      token,
      body: { channel: 'whatsapp', from: sandboxNumber, to: device, body: 'hi' },
    });
    expect(closed.body.code).toBe('whatsapp_window_closed');
    const fromDevice = await t.request('/v1/sandbox/inbound', {
      token,
      body: { channel: 'whatsapp', from: device, to: sandboxNumber, body: 'hello' },
    });
    expect(fromDevice.status).toBe(201);
    const open = await t.request('/v1/messages', {
      token,
      body: { channel: 'whatsapp', from: sandboxNumber, to: device, body: 'hi' },
    });
    expect(open.status).toBe(201);
    const [stored] = (await t.request(`/v1/whatsapp/messages?to=${encodeURIComponent(device)}`, { token }))
      .body.data;
    expect(stored).toMatchObject({ id: open.body.id, content: { type: 'text' } });
    // No business account behind the sandbox: a template goes out as given, window or not.
    const template = await t.request('/v1/messages', {
      token,
      body: {
        channel: 'whatsapp',
        from: sandboxNumber,
        to: '+14155550178',
        template: { name: 'hello_world', language: 'en_US', variables: { '1': 'Ann' } },
      },
    });
    expect(template.status).toBe(201);
    expect(template.body.body).toBe('[hello_world] Ann');
  });

  it('syncs templates in the scheduled job: new ones appear, deleted ones go', async () => {
    t.fake.templates.splice(0, t.fake.templates.length, {
      ...ORDER_TEMPLATE,
      id: '9002',
      name: 'appointment',
      category: 'UTILITY',
      status: 'PENDING',
    });
    await t.iris.jobs.enqueue(SYNC_TEMPLATES, {});
    await waitFor(async () => {
      const names = (await t.request('/v1/whatsapp/templates', { token })).body.data.map((row: Json) => [
        row.name,
        row.status,
      ]);
      expect(names).toEqual([['appointment', 'PENDING']]);
    });
  });
});
