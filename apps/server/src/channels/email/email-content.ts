import { z } from 'zod';
import { type OutboundMessage, ProviderError } from '../channel';

/**
 * What an email message row carries in `content` (the contract between the email send API, which
 * builds it, and the email adapters, which parse it here at their edge). The plain text is the
 * message `body`, the subject the message `subject`; bytes of attachments live in the object store.
 */
export const EmailAttachmentSchema = z.object({
  filename: z.string().min(1),
  contentType: z.string().min(1),
  storageKey: z.string().min(1),
  size: z.number().int().nonnegative(),
  /** Set for inline parts referenced from the html as `cid:<contentId>`. */
  contentId: z.string().min(1).optional(),
});
export type EmailAttachment = z.infer<typeof EmailAttachmentSchema>;

export const ListUnsubscribeSchema = z.object({
  url: z.string().url(),
  mailto: z.string().optional(),
  /** RFC 8058: adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. */
  oneClick: z.boolean(),
});

export const EmailContentSchema = z.object({
  html: z.string().optional(),
  fromName: z.string().optional(),
  cc: z.array(z.string()).optional(),
  bcc: z.array(z.string()).optional(),
  replyTo: z.string().optional(),
  /** Custom `X-` headers. */
  headers: z.record(z.string(), z.string()).optional(),
  attachments: z.array(EmailAttachmentSchema).optional(),
  /** Our Message-ID, angle brackets included: `<msg_…@sending-domain>`. */
  messageIdHeader: z.string().min(3),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
  listUnsubscribe: ListUnsubscribeSchema.optional(),
  tags: z.array(z.string()).optional(),
  /** Provider-side tracking; omitted leaves the provider account's default. */
  tracking: z.object({ opens: z.boolean(), clicks: z.boolean() }).optional(),
});
export type EmailContent = z.infer<typeof EmailContentSchema>;

/** Inbound email: the same shape as parsed (Message-ID may be missing from a sloppy sender), plus the recipient lists. */
export const InboundEmailContentSchema = EmailContentSchema.extend({
  messageIdHeader: z.string().optional(),
  to: z.array(z.string()),
  cc: z.array(z.string()).optional(),
  /** The From header's display name and address, as sent. */
  fromName: z.string().optional(),
});
export type InboundEmailContent = z.infer<typeof InboundEmailContentSchema>;

/** The headers every adapter sends besides the provider's own: threading, unsubscribe and custom ones. */
export function standardHeadersOf(content: EmailContent): Record<string, string> {
  const headers: Record<string, string> = { ...content.headers };
  if (content.inReplyTo) headers['In-Reply-To'] = content.inReplyTo;
  if (content.references?.length) headers.References = content.references.join(' ');
  if (content.listUnsubscribe) {
    const { url, mailto, oneClick } = content.listUnsubscribe;
    const mailtoUrl = mailto && (mailto.startsWith('mailto:') ? mailto : `mailto:${mailto}`);
    headers['List-Unsubscribe'] = mailtoUrl ? `<${url}>, <${mailtoUrl}>` : `<${url}>`;
    if (oneClick) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

/** `"Name" <address>` (quoted so commas and dots in a name are safe), or the bare address. */
export function formatAddress(address: string, name?: string): string {
  if (!name) return address;
  return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** Message-IDs are compared without their angle brackets by most providers' event payloads. */
export const bareMessageId = (id: string) => id.trim().replace(/^<|>$/g, '');

/** The adapter's edge: content that does not parse fails the send for good (no provider would take it). */
export function emailContentOf(message: OutboundMessage): EmailContent {
  // A message created without the email send API (a plain POST /v1/messages, an auto-reply) has no
  // Message-ID yet: it gets the one the send API would give, derived from our id so a resend keeps it.
  const domain = message.from.split('@')[1] || 'iris.invalid';
  const withId = { messageIdHeader: `<${message.messageId}@${domain}>`, ...message.content };
  const parsed = EmailContentSchema.safeParse(withId);
  if (!parsed.success)
    throw new ProviderError(`email content is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
      retryable: false,
      code: 'invalid_content',
    });
  if (!message.body && !parsed.data.html)
    throw new ProviderError('email has neither text nor html', { retryable: false, code: 'invalid_content' });
  return parsed.data;
}
