import type { OutboundMessage } from '../../channel';
import { type EmailAttachment, type EmailContent, standardHeadersOf } from '../email-content';

type Attachment = { attachment: EmailAttachment; bytes: Buffer };

/**
 * The v3 Mail Send body for one message: one personalization (our messages have one `to`), our
 * Message-ID and threading headers, and our message id as a custom arg so every event names it.
 */
export function sendgridMailOf(
  message: OutboundMessage,
  content: EmailContent,
  attachments: Attachment[],
  options: { sandboxMode: boolean },
) {
  const personalization = {
    to: [{ email: message.to }],
    ...(content.cc?.length ? { cc: content.cc.map((email) => ({ email })) } : {}),
    ...(content.bcc?.length ? { bcc: content.bcc.map((email) => ({ email })) } : {}),
  };
  // SendGrid wants text/plain before text/html, and no empty values.
  const parts = [
    ...(message.body ? [{ type: 'text/plain', value: message.body }] : []),
    ...(content.html ? [{ type: 'text/html', value: content.html }] : []),
  ];
  return {
    personalizations: [personalization],
    from: { email: message.from, ...(content.fromName ? { name: content.fromName } : {}) },
    ...(content.replyTo ? { reply_to: { email: content.replyTo } } : {}),
    subject: message.subject ?? '',
    content: parts,
    headers: { 'Message-ID': content.messageIdHeader, ...standardHeadersOf(content) },
    ...(attachments.length
      ? {
          attachments: attachments.map(({ attachment, bytes }) => ({
            content: bytes.toString('base64'),
            filename: attachment.filename,
            type: attachment.contentType,
            disposition: attachment.contentId ? 'inline' : 'attachment',
            ...(attachment.contentId ? { content_id: attachment.contentId } : {}),
          })),
        }
      : {}),
    // SendGrid allows 10 categories per message.
    ...(content.tags?.length ? { categories: content.tags.slice(0, 10) } : {}),
    custom_args: { iris_message_id: message.messageId },
    ...(content.tracking
      ? {
          tracking_settings: {
            click_tracking: { enable: content.tracking.clicks, enable_text: false },
            open_tracking: { enable: content.tracking.opens },
          },
        }
      : {}),
    ...(options.sandboxMode ? { mail_settings: { sandbox_mode: { enable: true } } } : {}),
  };
}
