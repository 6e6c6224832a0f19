import { z } from 'zod';

const ThreadingSchema = z.object({
  messageIdHeader: z.string().optional().catch(undefined),
  inReplyTo: z.string().optional().catch(undefined),
  references: z.array(z.string()).optional().catch(undefined),
});

/** `<id@host>` as stored, whatever brackets or spaces the header carried. */
export function normalizeMessageId(value: string): string | undefined {
  const bare = value.trim().replace(/^<|>$/g, '').trim();
  return bare === '' ? undefined : `<${bare}>`;
}

/**
 * An email's own Message-ID and the ones it answers (In-Reply-To first, then References newest
 * first), from the channel content the email inbound stores (docs/email.md).
 */
export function emailThreading(content: Record<string, unknown>) {
  const parsed = ThreadingSchema.parse(content);
  const cited = [parsed.inReplyTo, ...(parsed.references ?? []).toReversed()]
    .filter((id): id is string => typeof id === 'string')
    .map(normalizeMessageId)
    .filter((id): id is string => id !== undefined);
  return {
    messageId: parsed.messageIdHeader ? normalizeMessageId(parsed.messageIdHeader) : undefined,
    cited: [...new Set(cited)].slice(0, 50),
  };
}
