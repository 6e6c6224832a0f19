import type { ObjectStore } from '../../../platform/storage/object-store';
import type { InboundMessage, RawWebhook } from '../../channel';
import { storeInboundAttachment } from '../shared/email-attachments';
import { inboundEmailMessage } from '../shared/inbound-email';
import { sha256Hex } from '../shared/webhook-auth';
import { checkPostmarkAuth } from './postmark.events';
import { type PostmarkCredentials, PostmarkInboundSchema } from './postmark.schema';

/** Postmark's inbound webhook: the email already parsed to JSON, attachments base64 inside. */
export async function parsePostmarkInbound(
  instanceId: string,
  credentials: PostmarkCredentials,
  storage: ObjectStore,
  request: RawWebhook,
): Promise<InboundMessage[]> {
  checkPostmarkAuth(credentials, request);
  const email = PostmarkInboundSchema.parse(JSON.parse(request.body));
  const header = (name: string) =>
    email.Headers.find((h) => h.Name.toLowerCase() === name.toLowerCase())?.Value;
  // Postmark's MessageID is its own; the sender's Message-ID is among the headers.
  const messageIdHeader = header('Message-ID');
  const emailKey = messageIdHeader ?? email.MessageID;
  const attachments = await Promise.all(
    email.Attachments.map((attachment, index) =>
      storeInboundAttachment(storage, {
        instanceId,
        emailKey,
        index: index + 1,
        filename: attachment.Name,
        contentType: attachment.ContentType,
        bytes: Buffer.from(attachment.Content, 'base64'),
        contentId: attachment.ContentID || undefined,
      }),
    ),
  );
  const to = email.ToFull.map((a) => a.Email.toLowerCase());
  return [
    inboundEmailMessage({
      instanceId,
      from: email.FromFull.Email,
      fromName: email.FromFull.Name || undefined,
      recipient: email.OriginalRecipient ?? to[0] ?? '',
      to,
      cc: email.CcFull.map((a) => a.Email.toLowerCase()),
      subject: email.Subject ?? null,
      text: email.TextBody ?? null,
      html: email.HtmlBody || undefined,
      replyTo: email.ReplyTo || undefined,
      messageIdHeader,
      inReplyTo: header('In-Reply-To'),
      references: header('References')?.split(/\s+/).filter(Boolean),
      attachments,
      receivedAt: email.Date ? new Date(email.Date) : new Date(),
      fallbackKey: sha256Hex(email.MessageID),
    }),
  ];
}
