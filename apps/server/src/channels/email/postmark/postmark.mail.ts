import type { OutboundMessage } from '../../channel';
import { type EmailAttachment, type EmailContent, formatAddress, standardHeadersOf } from '../email-content';

type Attachment = { attachment: EmailAttachment; bytes: Buffer };

/** The JSON of `POST /email`: our Message-ID and threading headers in `Headers`, our id in `Metadata`. */
export function postmarkEmailOf(
  message: OutboundMessage,
  content: EmailContent,
  attachments: Attachment[],
  messageStream: string,
) {
  const headers = { 'Message-ID': content.messageIdHeader, ...standardHeadersOf(content) };
  return {
    From: formatAddress(message.from, content.fromName),
    To: message.to,
    ...(content.cc?.length ? { Cc: content.cc.join(', ') } : {}),
    ...(content.bcc?.length ? { Bcc: content.bcc.join(', ') } : {}),
    Subject: message.subject ?? '',
    ...(message.body ? { TextBody: message.body } : {}),
    ...(content.html ? { HtmlBody: content.html } : {}),
    ...(content.replyTo ? { ReplyTo: content.replyTo } : {}),
    // Postmark takes one tag per message.
    ...(content.tags?.length ? { Tag: content.tags[0] } : {}),
    Headers: Object.entries(headers).map(([Name, Value]) => ({ Name, Value })),
    ...(content.tracking
      ? { TrackOpens: content.tracking.opens, TrackLinks: content.tracking.clicks ? 'HtmlAndText' : 'None' }
      : {}),
    ...(attachments.length
      ? {
          Attachments: attachments.map(({ attachment, bytes }) => ({
            Name: attachment.filename,
            Content: bytes.toString('base64'),
            ContentType: attachment.contentType,
            ...(attachment.contentId ? { ContentID: `cid:${attachment.contentId}` } : {}),
          })),
        }
      : {}),
    Metadata: { iris_message_id: message.messageId },
    MessageStream: messageStream,
  };
}
