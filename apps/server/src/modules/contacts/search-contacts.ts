import { and, desc, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import type { TenantScope } from '../../platform/db/tenant-scope';
import { searchQuery } from '../conversations/search-query';
import { contactResources } from './contact-view';
import { contacts } from './contacts.schema';

/** Contacts ranked by ts_rank over the GIN-indexed vector (name weighs more than email and phone). */
export async function searchContacts(db: Db, tenant: TenantScope, input: { q: string; limit: number }) {
  const q = searchQuery(input.q);
  if (!q) return { data: [] };
  const rank = sql<number>`ts_rank(${contacts.search}, ${q})`;
  const rows = await db
    .select({ contact: contacts, rank })
    .from(contacts)
    .where(tenant.owned(contacts, and(isNull(contacts.deletedAt), sql`${contacts.search} @@ ${q}`)))
    .orderBy(desc(rank), desc(contacts.id))
    .limit(input.limit);
  const resources = await contactResources(
    db,
    rows.map((row) => row.contact),
  );
  return { data: resources.map((resource, i) => ({ ...resource, rank: rows[i]!.rank })) };
}
