import type { OutboundMessage } from '../../channel';
import { type EmailAttachment, type EmailContent, formatAddress, standardHeadersOf } from '../email-content';

type Attachment = { attachment: EmailAttachment; bytes: Buffer };

/** SES tag names and values: letters, digits, `_` and `-` only. */
const tagSafe = (value: string) => value.replace(/[^\w-]/g, '_').slice(0, 256);

/**
 * The SendEmail (v2) body with Simple content: headers and attachments as structured fields, our
 * message id as an email tag (every event record carries `mail.tags`). SES replaces any Message-ID
 * we set with its own (`<MessageId@region.amazonses.com>`), so ours is not sent.
 */
export function sesEmailOf(
  message: OutboundMessage,
  content: EmailContent,
  attachments: Attachment[],
  configurationSetName: string | undefined,
) {
  const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  const headers = Object.entries(standardHeadersOf(content)).map(([Name, Value]) => ({ Name, Value }));
  return {
    FromEmailAddress: formatAddress(message.from, content.fromName),
    Destination: {
      ToAddresses: [message.to],
      ...(content.cc?.length ? { CcAddresses: content.cc } : {}),
      ...(content.bcc?.length ? { BccAddresses: content.bcc } : {}),
    },
    ...(content.replyTo ? { ReplyToAddresses: [content.replyTo] } : {}),
    Content: {
      Simple: {
        Subject: utf8(message.subject ?? ''),
        Body: {
          ...(message.body ? { Text: utf8(message.body) } : {}),
          ...(content.html ? { Html: utf8(content.html) } : {}),
        },
        ...(headers.length ? { Headers: headers } : {}),
        ...(attachments.length
          ? {
              Attachments: attachments.map(({ attachment, bytes }) => ({
                FileName: attachment.filename,
                ContentType: attachment.contentType,
                RawContent: bytes.toString('base64'),
                ContentDisposition: attachment.contentId ? 'INLINE' : 'ATTACHMENT',
                ...(attachment.contentId ? { ContentId: attachment.contentId } : {}),
                ContentTransferEncoding: 'BASE64',
              })),
            }
          : {}),
      },
    },
    EmailTags: [
      { Name: 'iris_message_id', Value: tagSafe(message.messageId) },
      ...(content.tags ?? []).map((tag) => ({ Name: `tag_${tagSafe(tag)}`.slice(0, 256), Value: 'true' })),
    ],
    ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
  };
}
