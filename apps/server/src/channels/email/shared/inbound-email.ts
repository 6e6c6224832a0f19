import { type AddressObject, simpleParser } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { ObjectStore } from '../../../platform/storage/object-store';
import type { InboundMessage } from '../../channel';
import type { EmailAttachment, InboundEmailContent } from '../email-content';
import { storeInboundAttachment } from './email-attachments';
import { sha256Hex } from './webhook-auth';

/** What every provider's inbound format boils down to, before it becomes an InboundMessage. */
export type InboundEmailParts = {
  instanceId: string;
  from: string;
  fromName?: string;
  /** The address the mail was delivered to (envelope recipient): it decides the tenant. */
  recipient: string;
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  html?: string;
  replyTo?: string;
  messageIdHeader?: string;
  inReplyTo?: string;
  references?: string[];
  attachments: EmailAttachment[];
  receivedAt: Date;
  /** Identifies the email when it has no Message-ID (a hash of what the provider posted). */
  fallbackKey: string;
};

export function inboundEmailMessage(parts: InboundEmailParts): InboundMessage {
  const content: InboundEmailContent = {
    to: parts.to,
    ...(parts.cc.length ? { cc: parts.cc } : {}),
    ...(parts.fromName ? { fromName: parts.fromName } : {}),
    ...(parts.html ? { html: parts.html } : {}),
    ...(parts.replyTo ? { replyTo: parts.replyTo } : {}),
    ...(parts.messageIdHeader ? { messageIdHeader: parts.messageIdHeader } : {}),
    ...(parts.inReplyTo ? { inReplyTo: parts.inReplyTo } : {}),
    ...(parts.references?.length ? { references: parts.references } : {}),
    ...(parts.attachments.length ? { attachments: parts.attachments } : {}),
  };
  return {
    provider: parts.instanceId,
    // The Message-ID is what a redelivery repeats, so it is the dedupe key of the inbound pipeline.
    providerMessageId: parts.messageIdHeader ?? `sha256:${parts.fallbackKey}`,
    channel: 'email',
    from: parts.from.toLowerCase(),
    to: parts.recipient.toLowerCase(),
    body: parts.text,
    media: [],
    subject: parts.subject,
    content,
    receivedAt: parts.receivedAt,
  };
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : [])
    .flatMap((group) => group.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => a.address)
    .map((a) => ({ address: a.address!.toLowerCase(), name: a.name || undefined }));

const referencesOf = (references: string | string[] | undefined) =>
  (Array.isArray(references) ? references : references ? references.split(/\s+/) : []).filter(Boolean);

/** Threading and addressing headers of a header block (no body needed). */
export async function parseHeaderBlock(headers: string) {
  const parsed = await simpleParser(`${headers.replace(/\r?\n$/, '')}\r\n\r\n`);
  return {
    from: addressesOf(parsed.from)[0],
    to: addressesOf(parsed.to).map((a) => a.address),
    cc: addressesOf(parsed.cc).map((a) => a.address),
    replyTo: addressesOf(parsed.replyTo)[0]?.address,
    messageIdHeader: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: referencesOf(parsed.references),
    date: parsed.date,
  };
}

/** A whole raw MIME message (SendGrid "send raw", Mailgun `…mime` routes) → InboundMessage, attachments stored. */
export async function parseRawMimeEmail(
  raw: string | Buffer,
  options: { instanceId: string; storage: ObjectStore; recipient?: string; receivedAt?: Date },
): Promise<InboundMessage> {
  const parsed = await simpleParser(raw);
  const from = addressesOf(parsed.from)[0];
  const to = addressesOf(parsed.to).map((a) => a.address);
  const fallbackKey = sha256Hex(raw);
  const emailKey = parsed.messageId ?? fallbackKey;
  const attachments = await Promise.all(
    parsed.attachments.map((attachment, index) =>
      storeInboundAttachment(options.storage, {
        instanceId: options.instanceId,
        emailKey,
        index: index + 1,
        filename: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.contentType,
        bytes: attachment.content,
        contentId: attachment.contentId,
      }),
    ),
  );
  return inboundEmailMessage({
    instanceId: options.instanceId,
    from: from?.address ?? '',
    fromName: from?.name,
    recipient: options.recipient ?? to[0] ?? '',
    to,
    cc: addressesOf(parsed.cc).map((a) => a.address),
    subject: parsed.subject ?? null,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    replyTo: addressesOf(parsed.replyTo)[0]?.address,
    messageIdHeader: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: referencesOf(parsed.references),
    attachments,
    receivedAt: options.receivedAt ?? new Date(),
    fallbackKey,
  });
}

/** `Name <a@b>` or `a@b` → its parts (for providers that post the From header as one string). */
export function splitAddress(value: string): { address: string; name?: string } {
  const [first] = addressparser(value, { flatten: true });
  return { address: (first?.address ?? value.trim()).toLowerCase(), name: first?.name || undefined };
}

/** An address header's list (quoted names with commas included) → bare lowercase addresses. */
export const splitAddressList = (value: string | undefined) =>
  addressparser(value ?? '', { flatten: true })
    .map((a) => a.address.toLowerCase())
    .filter((address) => address.includes('@'));
