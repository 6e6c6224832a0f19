import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../../app-context';
import {
  type EmailAttachment,
  type InboundEmailContent,
  InboundEmailContentSchema,
} from '../../../channels/email/email-content';
import type { Db, Tx } from '../../../platform/db/database';
import { emitEvent } from '../../events/emit-event';
import { messages } from '../../messages/messages.schema';
import { receiveInbound } from '../../messages/receive-inbound';
import { findRoutableSender, type Sender } from '../../numbers/find-sender';
import { numbers } from '../../numbers/numbers.schema';
import { emailDomains } from '../email.schema';
import { safeFilename } from '../send/store-attachments';
import type { ParsedEmail } from './parse-email';

type Deps = Pick<AppContext, 'db' | 'jobs' | 'messaging' | 'storage'>;

/**
 * The tenant sender that receives mail for an address: the exact address (an `email_address`
 * sender, such as every tenant's sandbox inbox), else a verified domain of the tenant that has
 * inbound on. Undefined: nobody here takes mail for it (SMTP answers 550).
 */
export async function findInboundOwner(db: Db | Tx, recipient: string): Promise<Sender | undefined> {
  const address = recipient.trim();
  const exact =
    (await findRoutableSender(db, address)) ?? (await findRoutableSender(db, address.toLowerCase()));
  if (exact) return exact.capabilities.includes('email') ? exact : undefined;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const [row] = await db
    .select({ sender: numbers })
    .from(emailDomains)
    .innerJoin(numbers, eq(numbers.id, emailDomains.senderId))
    .where(
      and(
        eq(emailDomains.domain, domain),
        eq(emailDomains.inbound, true),
        eq(emailDomains.status, 'verified'),
      ),
    );
  return row?.sender;
}

/** Our own message ids among the Message-IDs this email answers (`<msg_…@domain>` is ours). */
async function repliedMessageIds(tx: Tx, tenantId: string, parsed: ParsedEmail) {
  const candidates = [parsed.inReplyTo, ...parsed.references.toReversed()]
    .map((id) => /^<(msg_[0-9a-z]+)@/.exec(id ?? '')?.[1])
    .filter((id): id is string => id !== undefined);
  if (candidates.length === 0) return [];
  const found = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, tenantId),
        inArray(messages.id, candidates),
        sql`${messages.channel} = 'email'`,
      ),
    );
  const known = new Set(found.map((r) => r.id));
  return candidates.filter((id) => known.has(id));
}

/**
 * Stores one received email for one recipient: attachments into the object store (keys derived from
 * the message, so a redelivery rewrites the same objects), then the inbound pipeline (tenant, stored,
 * conversation hooks, message.received) and `email.received`, in one transaction. The same message to
 * the same recipient twice (a sender retrying after a lost reply) is stored once.
 */
export async function receiveEmail(
  deps: Deps,
  input: { parsed: ParsedEmail; recipient: string; owner: Sender; provider: string; envelopeFrom?: string },
) {
  const { parsed, owner } = input;
  const recipient = input.recipient.trim();
  const providerMessageId = `${recipient.toLowerCase()} ${parsed.messageIdHeader ?? `sha256:${parsed.fingerprint}`}`;
  const folder = `email/inbound/${owner.tenantId}/${createHash('sha256').update(providerMessageId).digest('hex').slice(0, 32)}`;
  const attachments: EmailAttachment[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    const storageKey = `${folder}/${index}-${safeFilename(attachment.filename)}`;
    await deps.storage.put(storageKey, attachment.content, { contentType: attachment.contentType });
    attachments.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      storageKey,
      size: attachment.content.length,
      ...(attachment.contentId ? { contentId: attachment.contentId } : {}),
    });
  }
  const from = parsed.from?.address ?? input.envelopeFrom ?? '';

  return deps.db.transaction(async (tx) => {
    const replied = await repliedMessageIds(tx, owner.tenantId, parsed);
    const content: InboundEmailContent & { replyToMessageId?: string; autoSubmitted: boolean } = {
      ...(parsed.html !== undefined ? { html: parsed.html } : {}),
      ...(parsed.from?.name ? { fromName: parsed.from.name } : {}),
      to: parsed.to,
      ...(parsed.cc.length ? { cc: parsed.cc } : {}),
      ...(parsed.replyTo ? { replyTo: parsed.replyTo } : {}),
      ...(attachments.length ? { attachments } : {}),
      ...(parsed.messageIdHeader ? { messageIdHeader: parsed.messageIdHeader } : {}),
      ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
      ...(parsed.references.length ? { references: parsed.references } : {}),
      // Our outbound email this answers, when it names one of ours: threading needs no header search.
      ...(replied[0] ? { replyToMessageId: replied[0] } : {}),
      autoSubmitted: parsed.autoSubmitted,
    };
    InboundEmailContentSchema.parse(content);
    const result = await receiveInbound(
      deps,
      tx,
      {
        provider: input.provider,
        providerMessageId,
        channel: 'email',
        from,
        to: recipient,
        body: parsed.text,
        media: [],
        subject: parsed.subject,
        content,
        receivedAt: new Date(),
      },
      { owner },
    );
    if (result && !result.duplicate)
      await emitEvent(deps, tx, {
        tenantId: owner.tenantId,
        type: 'email.received',
        data: { email: { messageId: result.message.id, from, to: recipient, subject: parsed.subject } },
      });
    return result;
  });
}
