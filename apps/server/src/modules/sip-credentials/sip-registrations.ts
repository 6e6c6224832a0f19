import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { sipCredentials } from './sip-credentials.schema';
import { type SipRegistrationRow, sipRegistrations } from './sip-registrations.schema';

/** The module's service for registrar bindings (voice/registrar and Dial use these, never the table). */

/** A credential by its digest user name (platform-wide unique). */
export async function findCredentialByAuthUsername(db: Db, authUsername: string) {
  const [row] = await db.select().from(sipCredentials).where(eq(sipCredentials.authUsername, authUsername));
  return row;
}

export type Binding = {
  tenantId: string;
  credentialId: string;
  contact: string;
  source: { host: string; port: number; protocol: string };
  sipCallId: string;
  cseq: number;
  userAgent?: string;
  expiresAt: Date;
};

/**
 * Adds or refreshes one binding. A REGISTER with the same Call-ID and a CSeq not above the stored
 * one is out of order and changes nothing (RFC 3261 §10.3 step 7); returns whether it was applied.
 */
export async function saveBinding(db: Db, binding: Binding): Promise<boolean> {
  const values = {
    tenantId: binding.tenantId,
    credentialId: binding.credentialId,
    contact: binding.contact,
    sourceHost: binding.source.host,
    sourcePort: binding.source.port,
    protocol: binding.source.protocol,
    sipCallId: binding.sipCallId,
    cseq: binding.cseq,
    userAgent: binding.userAgent ?? null,
    expiresAt: binding.expiresAt,
    updatedAt: new Date(),
  };
  const rows = await db
    .insert(sipRegistrations)
    .values({ id: newId('reg'), ...values })
    .onConflictDoUpdate({
      target: [sipRegistrations.credentialId, sipRegistrations.contact],
      set: values,
      setWhere: sql`${sipRegistrations.sipCallId} <> excluded.sip_call_id or ${sipRegistrations.cseq} < excluded.cseq`,
    })
    .returning({ id: sipRegistrations.id });
  return rows.length > 0;
}

/** Removes one binding (`contact`) or all of a credential's bindings (`*`, RFC 3261 §10.2.2). */
export async function removeBindings(db: Db, credentialId: string, contact?: string) {
  await db
    .delete(sipRegistrations)
    .where(
      contact
        ? and(eq(sipRegistrations.credentialId, credentialId), eq(sipRegistrations.contact, contact))
        : eq(sipRegistrations.credentialId, credentialId),
    );
}

/** A credential's bindings that have not expired (what a 200 to REGISTER lists). */
export async function listBindings(db: Db, credentialId: string, now = new Date()) {
  return db
    .select()
    .from(sipRegistrations)
    .where(and(eq(sipRegistrations.credentialId, credentialId), gt(sipRegistrations.expiresAt, now)))
    .orderBy(asc(sipRegistrations.id));
}

/** Where `<Client>identity</Client>` rings: every live binding of every credential with that identity. */
export async function findClientContacts(db: Db, tenantId: string, identity: string, now = new Date()) {
  return db
    .select({ registration: sipRegistrations, username: sipCredentials.username })
    .from(sipRegistrations)
    .innerJoin(sipCredentials, eq(sipCredentials.id, sipRegistrations.credentialId))
    .where(
      and(
        eq(sipCredentials.tenantId, tenantId),
        eq(sipCredentials.identity, identity),
        gt(sipRegistrations.expiresAt, now),
      ),
    )
    .orderBy(asc(sipRegistrations.id));
}

/** Platform-wide count and first page of live registrations (the admin voice status). */
export async function summarizeRegistrations(db: Db, limit = 50, now = new Date()) {
  // Expired rows are dropped here rather than by a timer: reading them is when they matter.
  await db.delete(sipRegistrations).where(lte(sipRegistrations.expiresAt, now));
  const [total] = await db.select({ count: sql<number>`count(*)::int` }).from(sipRegistrations);
  const rows: { registration: SipRegistrationRow; username: string }[] = await db
    .select({ registration: sipRegistrations, username: sipCredentials.username })
    .from(sipRegistrations)
    .innerJoin(sipCredentials, eq(sipCredentials.id, sipRegistrations.credentialId))
    .orderBy(asc(sipRegistrations.expiresAt))
    .limit(limit);
  return {
    count: total?.count ?? 0,
    items: rows.map(({ registration: r, username }) => ({
      tenantId: r.tenantId,
      credentialId: r.credentialId,
      username,
      contact: r.contact,
      source: `${r.protocol}:${r.sourceHost}:${r.sourcePort}`,
      userAgent: r.userAgent,
      expiresAt: r.expiresAt.toISOString(),
    })),
  };
}
