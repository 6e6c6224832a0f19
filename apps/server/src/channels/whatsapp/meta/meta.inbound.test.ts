import {
  hubSignature,
  inboundPayload,
  type MetaAccount,
  statusPayload,
  templateStatusPayload,
} from '@iris/fakes';
import { describe, expect, it } from 'vitest';
import { parseMetaWebhook, verifyHubSignature } from './meta.inbound';
import { MetaCredentialsSchema, WebhookEnvelopeSchema } from './meta.schema';

const account: MetaAccount = {
  businessAccountId: '102290129340398',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '16505550142',
};
const credentials = MetaCredentialsSchema.parse({
  accessToken: 'token',
  phoneNumberId: account.phoneNumberId,
  businessAccountId: account.businessAccountId,
  appSecret: 'app-secret',
  verifyToken: 'verify',
});
const parse = (payload: unknown) =>
  parseMetaWebhook('meta-main', credentials, WebhookEnvelopeSchema.parse(payload));
const raw = (body: string, signature?: string) => ({
  url: 'http://iris.test/v1/whatsapp/webhook',
  headers: new Headers(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
  body,
});

describe('Meta WhatsApp webhooks: verification and normalization', () => {
  it('verifies X-Hub-Signature-256 over the raw bytes with the app secret, and nothing else', () => {
    const body = JSON.stringify(
      inboundPayload(account, [{ from: '+14155550100', type: 'text', text: 'hi' }]),
    );
    expect(verifyHubSignature('app-secret', raw(body, hubSignature('app-secret', body)))).toBe(true);
    expect(verifyHubSignature('app-secret', raw(body, hubSignature('other-secret', body)))).toBe(false);
    expect(verifyHubSignature('app-secret', raw(`${body} `, hubSignature('app-secret', body)))).toBe(false);
    expect(verifyHubSignature('app-secret', raw(body))).toBe(false);
    expect(verifyHubSignature('app-secret', raw(body, hubSignature('app-secret', body).slice(7)))).toBe(
      false,
    );
    expect(verifyHubSignature('app-secret', raw(body, 'sha256=zz'))).toBe(false);
  });

  it('normalizes every inbound message type: sender is the wa_id as +digits, media as Graph media URLs', () => {
    const from = '14155550100';
    const at = 1_750_000_000;
    const parsed = parse(
      inboundPayload(account, [
        {
          from,
          id: 'wamid.1',
          timestamp: at,
          profileName: 'Ann',
          type: 'text',
          text: 'hello',
          context: { id: 'wamid.0' },
        },
        { from, id: 'wamid.2', type: 'image', mediaId: '555', mimeType: 'image/jpeg', caption: 'pic' },
        {
          from,
          id: 'wamid.3',
          type: 'document',
          mediaId: '556',
          mimeType: 'application/pdf',
          filename: 'a.pdf',
        },
        {
          from,
          id: 'wamid.4',
          type: 'location',
          latitude: 1,
          longitude: 2,
          name: 'Cafe',
          address: 'Main St',
        },
        {
          from,
          id: 'wamid.5',
          type: 'interactive',
          reply: { kind: 'button_reply', id: 'yes', title: 'Yes' },
        },
        { from, id: 'wamid.6', type: 'button', text: 'Stop promos', payload: 'STOP' },
        { from, id: 'wamid.7', type: 'reaction', messageId: 'wamid.out', emoji: '❤️' },
        { from, id: 'wamid.8', type: 'contacts', contacts: [{ name: { formatted_name: 'Bo' } }] },
        { from, id: 'wamid.9', type: 'system', body: 'User changed number' },
        { from, id: 'wamid.10', type: 'unsupported' },
        { from, id: 'wamid.11', type: 'audio', mediaId: '557', mimeType: 'audio/ogg' },
      ]),
    );
    expect(parsed.statuses).toEqual([]);
    const byId = new Map(parsed.inbound.map((m) => [m.providerMessageId, m]));
    expect(byId.get('wamid.1')).toEqual({
      provider: 'meta-main',
      providerMessageId: 'wamid.1',
      channel: 'whatsapp',
      from: '+14155550100',
      to: '+16505550142',
      body: 'hello',
      media: [],
      content: { type: 'text', context: { messageId: 'wamid.0', from: undefined }, profile: { name: 'Ann' } },
      receivedAt: new Date(at * 1000),
    });
    expect(byId.get('wamid.2')).toMatchObject({
      body: 'pic',
      media: ['https://graph.facebook.com/v23.0/555'],
      content: { type: 'image', media: { id: '555', mimeType: 'image/jpeg' } },
    });
    expect(byId.get('wamid.3')!.content).toMatchObject({
      type: 'document',
      media: { id: '556', filename: 'a.pdf' },
    });
    expect(byId.get('wamid.4')).toMatchObject({
      body: 'Cafe, Main St',
      content: { location: { latitude: 1, longitude: 2, name: 'Cafe', address: 'Main St' } },
    });
    expect(byId.get('wamid.5')).toMatchObject({
      body: 'Yes',
      content: { type: 'interactive', reply: { kind: 'button_reply', id: 'yes', title: 'Yes' } },
    });
    expect(byId.get('wamid.6')).toMatchObject({
      body: 'Stop promos',
      content: { button: { payload: 'STOP' } },
    });
    expect(byId.get('wamid.7')).toMatchObject({
      body: '❤️',
      content: { type: 'reaction', reaction: { messageId: 'wamid.out', emoji: '❤️' } },
    });
    expect(byId.get('wamid.8')!.content).toMatchObject({ contacts: [{ name: { formatted_name: 'Bo' } }] });
    expect(byId.get('wamid.9')).toMatchObject({ body: 'User changed number', content: { type: 'system' } });
    expect(byId.get('wamid.10')!.content).toMatchObject({ type: 'unsupported', errors: [{ code: 131051 }] });
    expect(byId.get('wamid.11')).toMatchObject({
      body: null,
      media: ['https://graph.facebook.com/v23.0/557'],
    });
  });

  it('turns statuses into ours, keyed per wamid and status, with failure codes named', () => {
    const parsed = parse(
      statusPayload(account, [
        { id: 'wamid.A', status: 'sent', recipient: '14155550100', timestamp: 100 },
        { id: 'wamid.A', status: 'read', recipient: '14155550100', timestamp: 102 },
        {
          id: 'wamid.B',
          status: 'failed',
          recipient: '14155550100',
          timestamp: 103,
          errors: [{ code: 131047 }],
        },
        {
          id: 'wamid.C',
          status: 'failed',
          recipient: '14155550100',
          timestamp: 104,
          errors: [{ code: 131026 }],
        },
        {
          id: 'wamid.D',
          status: 'failed',
          recipient: '14155550100',
          timestamp: 105,
          errors: [{ code: 999999 }],
        },
      ]),
    );
    expect(parsed.statuses.map((s) => [s.providerMessageId, s.status, s.eventKey, s.errorCode])).toEqual([
      ['wamid.A', 'sent', 'meta-main:wamid.A:sent', undefined],
      ['wamid.A', 'read', 'meta-main:wamid.A:read', undefined],
      ['wamid.B', 'failed', 'meta-main:wamid.B:failed', 'whatsapp_window_closed'],
      ['wamid.C', 'failed', 'meta-main:wamid.C:failed', 'whatsapp_undeliverable'],
      ['wamid.D', 'failed', 'meta-main:wamid.D:failed', 'whatsapp_error_999999'],
    ]);
    expect(parsed.statuses[0]!.occurredAt).toEqual(new Date(100_000));
    expect(parsed.statuses[2]!.errorMessage).toBe('131047 Re-engagement message: Re-engagement message');
  });

  it("reads template status updates of its account, and ignores other numbers' and accounts' changes", () => {
    const update = templateStatusPayload(account, {
      templateId: '1259544702043867',
      name: 'order_update',
      language: 'en_US',
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
    });
    expect(parse(update).templates).toEqual([
      {
        provider: 'meta-main',
        businessAccountId: account.businessAccountId,
        templateId: '1259544702043867',
        name: 'order_update',
        language: 'en_US',
        status: 'REJECTED',
        reason: 'INVALID_FORMAT',
        category: undefined,
      },
    ]);
    const other = { ...account, businessAccountId: '1', phoneNumberId: '2' };
    expect(
      parse(templateStatusPayload(other, { templateId: '1', name: 'x', language: 'en', event: 'APPROVED' })),
    ).toEqual({
      inbound: [],
      statuses: [],
      templates: [],
      errors: [],
    });
    expect(parse(inboundPayload(other, [{ from: '1', type: 'text', text: 'x' }])).inbound).toEqual([]);
  });
});
