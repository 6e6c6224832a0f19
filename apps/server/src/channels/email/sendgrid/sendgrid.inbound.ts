import type { ObjectStore } from '../../../platform/storage/object-store';
import type { InboundMessage, RawWebhook } from '../../channel';
import { storeInboundAttachment } from '../shared/email-attachments';
import {
  inboundEmailMessage,
  parseHeaderBlock,
  parseRawMimeEmail,
  splitAddress,
  splitAddressList,
} from '../shared/inbound-email';
import { invalidSignature, safeEqual, sha256Hex } from '../shared/webhook-auth';
import { readWebhookForm } from '../shared/webhook-form';
import { verifySendgridSignature } from './sendgrid.events';
import type { SendgridCredentials } from './sendgrid.schema';

type AttachmentInfo = Record<
  string,
  { filename?: string; name?: string; type?: string; 'content-id'?: string }
>;

/**
 * Inbound Parse: a multipart post of one email, either parsed by SendGrid (headers, text, html,
 * attachmentN files described by `attachment-info`) or raw (`email` holds the whole MIME). Verified
 * with the Parse security policy's ECDSA key, or a URL token for Parse settings without one.
 */
export async function parseSendgridInbound(
  instanceId: string,
  credentials: SendgridCredentials,
  storage: ObjectStore,
  request: RawWebhook,
): Promise<InboundMessage[]> {
  const bytes = request.bytes;
  if (credentials.inboundPublicKey) verifySendgridSignature(request, credentials.inboundPublicKey, bytes);
  else if (credentials.inboundToken) {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    if (!safeEqual(token, credentials.inboundToken))
      throw invalidSignature('sendgrid', 'inbound token mismatch');
  } else throw invalidSignature('sendgrid', 'inbound parse is not configured (no key, no token)');

  const { text, file } = await readWebhookForm(request);
  const envelope = JSON.parse(text('envelope') ?? '{}') as { to?: string[]; from?: string };
  const recipient = envelope.to?.[0];
  const raw = text('email');
  if (raw !== undefined) return [await parseRawMimeEmail(raw, { instanceId, storage, recipient })];

  const headers = await parseHeaderBlock(text('headers') ?? '');
  const fallbackKey = sha256Hex(request.body);
  const emailKey = headers.messageIdHeader ?? fallbackKey;
  const info = JSON.parse(text('attachment-info') ?? '{}') as AttachmentInfo;
  const count = Number(text('attachments') ?? Object.keys(info).length) || 0;
  const attachments = [];
  for (let index = 1; index <= count; index++) {
    const part = await file(`attachment${index}`);
    if (!part) continue;
    const described = info[`attachment${index}`] ?? {};
    attachments.push(
      await storeInboundAttachment(storage, {
        instanceId,
        emailKey,
        index,
        filename: described.filename ?? described.name ?? part.filename,
        contentType: described.type ?? part.contentType,
        bytes: part.bytes,
        contentId: described['content-id'],
      }),
    );
  }
  const from = splitAddress(text('from') ?? headers.from?.address ?? '');
  const to = splitAddressList(text('to'));
  return [
    inboundEmailMessage({
      instanceId,
      from: from.address,
      fromName: from.name ?? headers.from?.name,
      recipient: recipient ?? to[0] ?? '',
      to: to.length ? to : headers.to,
      cc: text('cc') ? splitAddressList(text('cc')) : headers.cc,
      subject: text('subject') ?? null,
      text: text('text') ?? null,
      html: text('html') || undefined,
      replyTo: headers.replyTo,
      messageIdHeader: headers.messageIdHeader,
      inReplyTo: headers.inReplyTo,
      references: headers.references,
      attachments,
      receivedAt: new Date(),
      fallbackKey,
    }),
  ];
}
