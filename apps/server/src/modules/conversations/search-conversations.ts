import { z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { contacts } from '../contacts/contacts.schema';
import { messages } from '../messages/messages.schema';
import { ConversationSchema, conversationResource } from './conversation-view';
import { conversationMessages, conversationReads, conversations } from './conversations.schema';
import { searchQuery } from './search-query';

export const SearchHitSchema = z
  .object({
    conversation: ConversationSchema,
    rank: z.number(),
    match: z.object({
      kind: z.enum(['message', 'note', 'contact']),
      id: z.string(),
      snippet: z.string().openapi({ description: 'The matching text, matched words between « and »' }),
    }),
  })
  .openapi('ConversationSearchHit');

// Candidates per source before ranking across them: a search this broad needs more words.
const CANDIDATES = 500;
const HEADLINE = 'StartSel=«, StopSel=», MaxWords=30, MinWords=10, MaxFragments=2';

/**
 * Ranked full-text search (ts_rank over the GIN-indexed tsvectors): a conversation scores its best
 * hit among its messages, notes and its contact's name (weighted highest), email and phone.
 */
export async function searchConversations(
  db: Db,
  tenant: TenantScope,
  input: { q: string; limit: number; userId: string | null },
) {
  const q = searchQuery(input.q);
  if (!q) return { data: [] };
  const live = and(eq(conversations.tenantId, tenant.tenantId), isNull(conversations.deletedAt));
  const itemRank = sql<number>`ts_rank(${conversationMessages.search}, ${q})`;
  const items = await db
    .select({
      conversationId: conversationMessages.conversationId,
      id: conversationMessages.id,
      kind: conversationMessages.kind,
      rank: itemRank,
    })
    .from(conversationMessages)
    .innerJoin(conversations, eq(conversations.id, conversationMessages.conversationId))
    .where(and(live, sql`${conversationMessages.search} @@ ${q}`))
    .orderBy(desc(itemRank))
    .limit(CANDIDATES);
  const contactRank = sql<number>`ts_rank(${contacts.search}, ${q})`;
  const people = await db
    .select({ conversationId: conversations.id, id: contacts.id, rank: contactRank })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(live, sql`${contacts.search} @@ ${q}`))
    .orderBy(desc(contactRank))
    .limit(CANDIDATES);

  const best = new Map<string, { rank: number; kind: 'message' | 'note' | 'contact'; id: string }>();
  for (const hit of [...items, ...people.map((p) => ({ ...p, kind: 'contact' as const }))]) {
    const seen = best.get(hit.conversationId);
    const kind = hit.kind === 'activity' ? 'note' : hit.kind;
    if (!seen || hit.rank > seen.rank) best.set(hit.conversationId, { rank: hit.rank, kind, id: hit.id });
  }
  const top = [...best.entries()].sort((a, b) => b[1].rank - a[1].rank || (a[0] < b[0] ? 1 : -1));
  const chosen = top.slice(0, input.limit);
  if (chosen.length === 0) return { data: [] };

  const rows = await db
    .select({
      conversation: conversations,
      contact: { id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone },
      lastReadAt: conversationReads.lastReadAt,
    })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(
      conversationReads,
      and(
        eq(conversationReads.conversationId, conversations.id),
        eq(conversationReads.userId, input.userId ?? ''),
      ),
    )
    .where(
      inArray(
        conversations.id,
        chosen.map(([id]) => id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.conversation.id, row]));
  const snippets = await snippetsOf(
    db,
    q,
    chosen.map(([, hit]) => hit),
  );
  return {
    data: chosen.map(([id, hit]) => {
      const row = byId.get(id)!;
      return {
        conversation: conversationResource(row.conversation, {
          contact: row.contact,
          lastReadAt: row.lastReadAt,
        }),
        rank: hit.rank,
        match: { kind: hit.kind, id: hit.id, snippet: snippets.get(hit.id) ?? '' },
      };
    }),
  };
}

/** ts_headline of each hit's text: the message's subject and body, the note, the contact's fields. */
async function snippetsOf(db: Db, q: ReturnType<typeof sql>, hits: { kind: string; id: string }[]) {
  const snippets = new Map<string, string>();
  const ids = (kind: string) => hits.filter((hit) => hit.kind === kind).map((hit) => hit.id);
  const headline = (text: ReturnType<typeof sql>) =>
    sql<string>`ts_headline('simple'::regconfig, ${text}, ${q}, ${HEADLINE})`;
  if (ids('message').length > 0)
    for (const row of await db
      .select({
        id: messages.id,
        snippet: headline(sql`coalesce(${messages.subject} || ' ', '') || coalesce(${messages.body}, '')`),
      })
      .from(messages)
      .where(inArray(messages.id, ids('message'))))
      snippets.set(row.id, row.snippet);
  if (ids('note').length > 0)
    for (const row of await db
      .select({
        id: conversationMessages.id,
        snippet: headline(sql`coalesce(${conversationMessages.body}, '')`),
      })
      .from(conversationMessages)
      .where(inArray(conversationMessages.id, ids('note'))))
      snippets.set(row.id, row.snippet);
  if (ids('contact').length > 0)
    for (const row of await db
      .select({
        id: contacts.id,
        snippet: headline(sql`concat_ws(' ', ${contacts.name}, ${contacts.email}, ${contacts.phone})`),
      })
      .from(contacts)
      .where(inArray(contacts.id, ids('contact'))))
      snippets.set(row.id, row.snippet);
  return snippets;
}
