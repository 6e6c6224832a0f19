import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MetaWhatsAppFake, metaErrorBody, startMetaWhatsAppFake } from '@iris/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiskObjectStore, type ObjectStore } from '../../../platform/storage/object-store';
import { type OutboundMessage, ProviderError } from '../../channel';
import type { SandboxSink } from '../../sandbox/sandbox-sink';
import { type MetaWhatsAppProvider, metaProviderModule } from './meta.adapter';
import { MetaCredentialsSchema } from './meta.schema';
import type { WhatsAppContent } from './whatsapp-content';

describe('Meta WhatsApp adapter: exact requests against the Cloud API fake', () => {
  let fake: MetaWhatsAppFake;
  let provider: MetaWhatsAppProvider;
  let storage: ObjectStore;
  let dir: string;
  const signal = () => AbortSignal.timeout(5000);

  const message = (
    content: WhatsAppContent | Record<string, unknown>,
    body: string | null = null,
  ): OutboundMessage => ({
    messageId: 'msg_test1',
    tenantId: 'ten_1',
    channel: 'whatsapp',
    from: '+16505550142',
    to: '+14155550100',
    body,
    media: [],
    content: content as Record<string, unknown>,
    callbackBaseUrl: 'http://127.0.0.1:1/hooks/whatsapp',
  });
  /** The last request the fake received on `path`. */
  const lastRequest = (path: RegExp) => {
    const request = [...fake.requests].reverse().find((r) => path.test(r.path));
    if (!request) throw new Error(`no request to ${path}`);
    return request;
  };
  const lastJson = (path: RegExp) => {
    const request = lastRequest(path);
    return { request, json: JSON.parse(request.body) as Record<string, unknown> };
  };

  beforeAll(async () => {
    fake = await startMetaWhatsAppFake({ windowErrors: 'off', displayPhoneNumber: '16505550142' });
    dir = mkdtempSync(join(tmpdir(), 'iris-meta-'));
    storage = createDiskObjectStore({ root: dir });
    provider = metaProviderModule.create({
      instanceId: 'meta-main',
      credentials: MetaCredentialsSchema.parse(fake.credentials),
      runtime: { storage, sandbox: {} as SandboxSink },
    }) as MetaWhatsAppProvider;
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => fake.clearFaults());

  it('sends text as POST /v23.0/{phone-number-id}/messages with Bearer auth, our id as callback data, and a reply context', async () => {
    const result = await provider.send(
      message({ type: 'text', previewUrl: true, replyTo: 'wamid.ABC' }, 'hi there'),
      {
        signal: signal(),
      },
    );
    const { request, json } = lastJson(/\/messages$/);
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v23.0/${fake.credentials.phoneNumberId}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${fake.credentials.accessToken}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+14155550100',
      biz_opaque_callback_data: 'msg_test1',
      context: { message_id: 'wamid.ABC' },
      type: 'text',
      text: { body: 'hi there', preview_url: true },
    });
    expect(result).toEqual({ providerMessageId: fake.sent.at(-1)!.wamid, status: 'queued' });
  });

  it('sends a template with header media, positional body parameters and a URL button', async () => {
    fake.templates.push({
      id: '77',
      name: 'shipped',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}, {{2}} is on its way' }],
    });
    await provider.send(
      message({
        type: 'template',
        template: {
          name: 'shipped',
          language: 'en_US',
          header: { type: 'image', media: { link: 'https://cdn.example.com/box.png' } },
          body: [
            { type: 'text', text: 'Ann' },
            { type: 'currency', currency: { fallbackValue: '$10', code: 'USD', amount1000: 10000 } },
          ],
          buttons: [
            { index: 0, subType: 'url', text: 'track/42' },
            { index: 1, subType: 'quick_reply' },
          ],
        },
      }),
      { signal: signal() },
    );
    expect(lastJson(/\/messages$/).json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+14155550100',
      biz_opaque_callback_data: 'msg_test1',
      type: 'template',
      template: {
        name: 'shipped',
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
              { type: 'currency', currency: { fallback_value: '$10', code: 'USD', amount_1000: 10000 } },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'track/42' }] },
        ],
      },
    });
  });

  it('uploads our stored copy to /media (multipart) and sends the image by the returned id', async () => {
    await storage.put('whatsapp/ten_1/wam_1', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]));
    await provider.send(
      message(
        {
          type: 'image',
          media: { storageKey: 'whatsapp/ten_1/wam_1', contentType: 'image/png', filename: 'p.png' },
        },
        'a caption',
      ),
      { signal: signal() },
    );
    const upload = lastRequest(/\/media$/);
    expect(upload.path).toBe(`/v23.0/${fake.credentials.phoneNumberId}/media`);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain('name="messaging_product"\r\n\r\nwhatsapp');
    expect(upload.body).toContain('name="type"\r\n\r\nimage/png');
    expect(upload.body).toContain('name="file"; filename="p.png"');
    const [id] = [...fake.media.keys()].slice(-1);
    expect(fake.media.get(id!)!.body).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]));
    expect(lastJson(/\/messages$/).json).toMatchObject({
      type: 'image',
      image: { id, caption: 'a caption' },
    });
  });

  it('sends documents, buttons, locations and reactions in their Graph shapes', async () => {
    const cases: [WhatsAppContent, string | null, Record<string, unknown>][] = [
      [
        { type: 'document', media: { link: 'https://x.example/a.pdf', filename: 'a.pdf' } },
        null,
        { type: 'document', document: { link: 'https://x.example/a.pdf', filename: 'a.pdf' } },
      ],
      [
        {
          type: 'buttons',
          header: { type: 'text', text: 'Pick' },
          footer: 'f',
          buttons: [
            { id: 'y', title: 'Yes' },
            { id: 'n', title: 'No' },
          ],
        },
        'Coming?',
        {
          type: 'interactive',
          interactive: {
            type: 'button',
            header: { type: 'text', text: 'Pick' },
            body: { text: 'Coming?' },
            footer: { text: 'f' },
            action: {
              buttons: [
                { type: 'reply', reply: { id: 'y', title: 'Yes' } },
                { type: 'reply', reply: { id: 'n', title: 'No' } },
              ],
            },
          },
        },
      ],
      [
        { type: 'location', location: { latitude: 1.5, longitude: -2, name: 'HQ' } },
        'HQ',
        { type: 'location', location: { latitude: 1.5, longitude: -2, name: 'HQ' } },
      ],
      [
        { type: 'reaction', reaction: { messageId: 'wamid.X', emoji: '👍' } },
        '👍',
        { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } },
      ],
    ];
    for (const [content, body, expected] of cases) {
      await provider.send(message(content, body), { signal: signal() });
      const { json } = lastJson(/\/messages$/);
      const { messaging_product, recipient_type, to, biz_opaque_callback_data, ...rest } = json;
      expect({ messaging_product, recipient_type, to, biz_opaque_callback_data }).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+14155550100',
        biz_opaque_callback_data: 'msg_test1',
      });
      expect(rest).toEqual(expected);
    }
  });

  it('classifies Graph errors: window closed and auth are permanent, rate limits hold the provider, 5xx retries', async () => {
    const attempt = async () => {
      try {
        await provider.send(message({ type: 'text' }, 'x'), { signal: signal() });
      } catch (error) {
        return error as ProviderError;
      }
      throw new Error('the send succeeded');
    };
    fake.inject({ kind: 'status', status: 400, body: metaErrorBody(131047) });
    expect(await attempt()).toMatchObject({ retryable: false, code: 'whatsapp_window_closed' });
    fake.inject({ kind: 'status', status: 400, body: metaErrorBody(131026) });
    expect(await attempt()).toMatchObject({ retryable: false, code: 'whatsapp_undeliverable' });
    fake.inject({ kind: 'status', status: 401, body: metaErrorBody(190) });
    expect(await attempt()).toMatchObject({ retryable: false, code: 'provider_auth_failed' });
    fake.inject({ kind: 'status', status: 429, retryAfterSeconds: 7, body: metaErrorBody(130429) });
    expect(await attempt()).toMatchObject({
      retryable: true,
      code: 'provider_rate_limited',
      retryAfterMs: 7000,
    });
    fake.inject({ kind: 'status', status: 400, body: metaErrorBody(130429) });
    expect(await attempt()).toMatchObject({
      retryable: true,
      code: 'provider_rate_limited',
      retryAfterMs: 1000,
    });
    fake.inject({ kind: 'status', status: 503 });
    expect(await attempt()).toMatchObject({ retryable: true, code: 'provider_unavailable' });
    fake.inject({ kind: 'reset' });
    const reset = await attempt();
    expect(reset).toBeInstanceOf(ProviderError);
    expect(reset.retryable).toBe(true);
  });

  it('downloads inbound media with the token (Graph lookup, then the media URL), lists templates across pages, marks read', async () => {
    const id = fake.hostMedia(new Uint8Array([0xff, 0xd8, 0xff, 9]), 'image/jpeg');
    const media = await provider.fetchMedia!(`${fake.url}/v23.0/${id}`, { signal: signal() });
    expect(media.contentType).toBe('image/jpeg');
    expect(new Uint8Array(media.body)).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 9]));
    const downloads = fake.requests.filter((r) => r.path === `/_fake/media/${id}`);
    expect(downloads.map((r) => r.headers.authorization)).toEqual([`Bearer ${fake.credentials.accessToken}`]);
    await expect(
      provider.fetchMedia!('https://elsewhere.example/x', { signal: signal() }),
    ).rejects.toMatchObject({
      code: 'media_missing',
    });

    for (let i = 0; i < 120; i++)
      fake.templates.push({
        id: `t${i}`,
        name: `bulk_${i}`,
        language: 'en',
        status: 'PENDING',
        category: 'MARKETING',
        components: [],
      });
    const listed = await provider.meta.listTemplates({ signal: signal() });
    expect(listed.length).toBe(fake.templates.length);
    const pages = fake.requests.filter((r) => r.path.endsWith('/message_templates'));
    expect(pages.length).toBe(2);
    expect(pages[0]!.query).toMatchObject({ limit: '100' });

    await fake
      .sendInbound(
        [{ from: '+14155550100', id: 'wamid.IN1', type: 'text', text: 'x' }],
        {},
        `${fake.url}/discard`,
      )
      .catch(() => undefined);
    await provider.meta.markRead('wamid.IN1', { signal: signal() });
    expect(lastJson(/\/messages$/).json).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
    });
    expect(fake.read).toContain('wamid.IN1');
  });
});
