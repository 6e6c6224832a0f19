import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import { htmlToText } from '../templates/render-template';

export type ParsedAttachment = { filename: string; contentType: string; content: Buffer; contentId?: string };

export type ParsedEmail = {
  messageIdHeader?: string;
  inReplyTo?: string;
  references: string[];
  from?: { address: string; name?: string };
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string | null;
  text: string | null;
  html?: string;
  attachments: ParsedAttachment[];
  /** Auto-Submitted / precedence bulk: out-of-office and list mail, which must never be auto-answered. */
  autoSubmitted: boolean;
  /** Identifies this message when it has no Message-ID: the hash of its bytes. */
  fingerprint: string;
};

/** The message could not be read at all (its header section is beyond the limit, say). */
export class UnparseableEmailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnparseableEmailError';
  }
}

/** PostgreSQL text and jsonb cannot hold NUL: a stray one (binary junk in a text part) must not lose the message. */
const clean = (value: string) => (value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value);

const addressesOf = (header: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(header) ? header : header ? [header] : [])
    .flatMap((h) => h.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((a) => clean(a.address?.trim() ?? ''))
    .filter((a) => a.includes('@'));

/** `<a@b> <c@d>` (References) → each id with its brackets. */
const messageIds = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) =>
    (v.match(/<[^<>\s]+>/g) ?? []).map(clean),
  );

/**
 * Reads raw MIME best-effort (mailparser: wrong charsets fall back to UTF-8, a truncated message
 * keeps what arrived). Only a message it cannot read at all — a header section past mailsplit's
 * 1 MB limit, for one — throws UnparseableEmailError.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(raw, {
      skipImageLinks: true, // inline images stay cid: references to their stored attachments
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (error) {
    throw new UnparseableEmailError(`The message could not be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const html = typeof mail.html === 'string' ? clean(mail.html) : undefined;
  const text = mail.text?.trim() ? clean(mail.text) : html ? htmlToText(html) : null;
  const from = mail.from?.value.find((a) => a.address);
  const autoSubmitted = mail.headers.get('auto-submitted');
  const precedence = String(mail.headers.get('precedence') ?? '').toLowerCase();
  const inReplyTo = messageIds(mail.inReplyTo)[0];
  const replyTo = addressesOf(mail.replyTo)[0];
  return {
    messageIdHeader: messageIds(mail.messageId)[0],
    inReplyTo,
    references: messageIds(mail.references),
    from: from?.address
      ? { address: clean(from.address), ...(from.name ? { name: clean(from.name) } : {}) }
      : undefined,
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    replyTo,
    subject: mail.subject === undefined ? null : clean(mail.subject),
    text,
    html,
    attachments: mail.attachments.map((a, index) => ({
      filename: clean(a.filename ?? `attachment-${index + 1}`),
      contentType: clean(a.contentType || 'application/octet-stream'),
      content: a.content,
      ...(a.contentId ? { contentId: clean(a.contentId.replace(/^<|>$/g, '')) } : {}),
    })),
    autoSubmitted:
      (typeof autoSubmitted === 'string' && autoSubmitted.toLowerCase() !== 'no') ||
      ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence),
    fingerprint: createHash('sha256').update(raw).digest('hex'),
  };
}
