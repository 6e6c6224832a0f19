import { startTelegramFake, type TelegramFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, ProviderError, RawWebhook } from '../../channel';
import type { ChatWebhookProvider } from '../chat-provider';
import { telegramProviderModule } from './telegram.adapter';

const SECRET = 'a-webhook-secret-of-good-length';
const signal = () => AbortSignal.timeout(5000);
const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'msg_01telegram',
  tenantId: 'ten_1',
  channel: 'telegram',
  from: 'telegram:7000000001',
  to: '424242',
  body: 'Hello from IRIS',
  media: [],
  content: {},
  callbackBaseUrl: 'http://iris.test/hooks/chat',
  ...overrides,
});

describe('telegram adapter against the Telegram fake', () => {
  let fake: TelegramFake;
  let telegram: ChatWebhookProvider;

  beforeAll(async () => {
    fake = await startTelegramFake();
    telegram = telegramProviderModule.create({
      instanceId: 'telegram-main',
      credentials: telegramProviderModule.credentialsSchema.parse(fake.credentials(SECRET)),
      runtime: {} as never,
    }) as ChatWebhookProvider;
  });
  afterAll(() => fake.close());

  it('calls sendMessage on /bot<token>/ with JSON: chat, text, parse mode, keyboard, reply', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] };
    const result = await telegram.send(
      outbound({ content: { parseMode: 'HTML', replyMarkup: keyboard, replyTo: 7, threadId: 3 } }),
      { signal: signal() },
    );
    const request = fake.server.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/bot${fake.botToken}/sendMessage`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      chat_id: '424242',
      message_thread_id: 3,
      reply_parameters: { message_id: 7, allow_sending_without_reply: true },
      reply_markup: keyboard,
      text: 'Hello from IRIS',
      parse_mode: 'HTML',
    });
    expect(result).toEqual({
      providerMessageId: `424242:${fake.sent.at(-1)!.result.message_id}`,
      status: 'sent',
    });
  });

  it('sends an image as sendPhoto with the text as caption, other files as sendDocument', async () => {
    await telegram.send(
      outbound({ media: ['https://cdn.example.com/receipt.jpg', 'https://cdn.example.com/invoice.pdf'] }),
      { signal: signal() },
    );
    const [photo, document] = fake.server.requests.slice(-2);
    expect(photo!.path).toBe(`/bot${fake.botToken}/sendPhoto`);
    expect(JSON.parse(photo!.body)).toEqual({
      chat_id: '424242',
      photo: 'https://cdn.example.com/receipt.jpg',
      caption: 'Hello from IRIS',
    });
    expect(document!.path).toBe(`/bot${fake.botToken}/sendDocument`);
    expect(JSON.parse(document!.body)).toEqual({
      chat_id: '424242',
      document: 'https://cdn.example.com/invoice.pdf',
    });
  });

  it('maps errors: chat not found permanent, flood control retryable with retry_after', async () => {
    const missing = (await telegram
      .send(outbound({ to: 'nobody' }), { signal: signal() })
      .catch((e) => e)) as ProviderError;
    expect(missing).toMatchObject({ code: 'recipient_not_found', retryable: false });
    fake.floodWait(12);
    const flood = (await telegram.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(flood).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 12_000 });
    fake.server.inject({ kind: 'status', status: 502 });
    const down = (await telegram.send(outbound(), { signal: signal() }).catch((e) => e)) as ProviderError;
    expect(down).toMatchObject({ code: 'provider_unavailable', retryable: true });
  });

  it('sets the webhook with the secret_token, and describes the bot with getMe', async () => {
    await telegram.registerWebhook!('https://iris.example.com/v1/social/webhook/telegram/7000000001', {
      signal: signal(),
    });
    expect(JSON.parse(fake.server.requests.at(-1)!.body)).toEqual({
      url: 'https://iris.example.com/v1/social/webhook/telegram/7000000001',
      secret_token: SECRET,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(fake.webhook()).toMatchObject({ secretToken: SECRET });
    expect(await telegram.describeAccount({ signal: signal() })).toEqual({
      address: 'telegram:7000000001',
      label: '@iris_fake_bot',
    });
    expect(telegram.webhookToken).toBe('7000000001');
  });

  it('parses photo and document updates, and fetches their files through getFile', async () => {
    const small = fake.addFile('photos/file_0.jpg', new Uint8Array([1]));
    const large = fake.addFile('photos/file_1.jpg', new Uint8Array([9, 9, 9]));
    const raw = (update: unknown, secret = SECRET): RawWebhook => ({
      url: 'http://iris.test/v1/social/webhook/telegram/7000000001',
      headers: new Headers({ 'x-telegram-bot-api-secret-token': secret }),
      body: JSON.stringify(update),
    });
    const photo = await telegram.receiveWebhook(raw(fake.photoUpdate(555, [small, large], 'my receipt')));
    expect(photo.messages).toMatchObject([
      {
        from: 'telegram:555',
        to: 'telegram:7000000001',
        body: 'my receipt',
        media: [`telegram-file:${large}`],
        content: { chatId: 555, files: [{ fileId: large, kind: 'photo' }] },
      },
    ]);
    const media = await telegram.fetchMedia!(photo.messages[0]!.media[0]!, { signal: signal() });
    expect([...media.body]).toEqual([9, 9, 9]);
    expect(media.contentType).toBe('image/jpeg');

    const pdf = fake.addFile('documents/file_2.pdf', new Uint8Array([37, 80]));
    const document = await telegram.receiveWebhook(
      raw(fake.documentUpdate(555, pdf, 'cv.pdf', 'application/pdf')),
    );
    expect(document.messages[0]).toMatchObject({
      body: null,
      media: [`telegram-file:${pdf}`],
      content: {
        files: [{ fileId: pdf, kind: 'document', fileName: 'cv.pdf', mimeType: 'application/pdf' }],
      },
    });
    expect(
      (await telegram.fetchMedia!(document.messages[0]!.media[0]!, { signal: signal() })).contentType,
    ).toBe('application/pdf');

    await expect(
      telegram.receiveWebhook(raw(fake.textUpdate(555, 'hi'), 'wrong-secret')),
    ).rejects.toMatchObject({
      code: 'invalid_signature',
    });
  });
});
