import type { OutboundMessage } from '../../channel';
import { type EmailAttachment, type EmailContent, formatAddress, standardHeadersOf } from '../email-content';

type Attachment = { attachment: EmailAttachment; bytes: Buffer };

/**
 * The multipart form of `POST /v3/{domain}/messages`: headers as `h:`, options as `o:`, and our
 * message id as the user variable `v:iris_message_id` (echoed in every event's user-variables).
 * Inline parts go as `inline` files named by their content id (Mailgun's cid is the filename).
 */
export function mailgunFormOf(message: OutboundMessage, content: EmailContent, attachments: Attachment[]) {
  const form = new FormData();
  form.append('from', formatAddress(message.from, content.fromName));
  form.append('to', message.to);
  if (content.cc?.length) form.append('cc', content.cc.join(', '));
  if (content.bcc?.length) form.append('bcc', content.bcc.join(', '));
  form.append('subject', message.subject ?? '');
  if (message.body) form.append('text', message.body);
  if (content.html) form.append('html', content.html);
  const headers: Record<string, string> = {
    'Message-Id': content.messageIdHeader,
    ...standardHeadersOf(content),
  };
  if (content.replyTo) headers['Reply-To'] = content.replyTo;
  for (const [name, value] of Object.entries(headers)) form.append(`h:${name}`, value);
  // Mailgun keeps 3 tags per message.
  for (const tag of content.tags?.slice(0, 3) ?? []) form.append('o:tag', tag);
  if (content.tracking) {
    form.append('o:tracking-opens', content.tracking.opens ? 'yes' : 'no');
    form.append('o:tracking-clicks', content.tracking.clicks ? 'yes' : 'no');
  }
  form.append('v:iris_message_id', message.messageId);
  for (const { attachment, bytes } of attachments) {
    const blob = new Blob([bytes], { type: attachment.contentType });
    if (attachment.contentId) form.append('inline', blob, attachment.contentId);
    else form.append('attachment', blob, attachment.filename);
  }
  return form;
}
