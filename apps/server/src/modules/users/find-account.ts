import { and, asc, eq, sql } from 'drizzle-orm';
import type { TenantRole } from '../../platform/auth/principal';
import type { Db } from '../../platform/db/database';
import { memberships, tenants } from '../tenants/tenants.schema';
import { users } from './users.schema';

export const publicUser = (u: typeof users.$inferSelect) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isPlatformAdmin: u.isPlatformAdmin,
  createdAt: u.createdAt.toISOString(),
});
export const publicTenant = (t: typeof tenants.$inferSelect) => ({
  id: t.id,
  name: t.name,
  status: t.status,
  createdAt: t.createdAt.toISOString(),
});

export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return user;
}

/** The user's membership in `tenantId`, or their oldest one when no tenant is named. */
export async function findMembership(db: Db, userId: string, tenantId?: string | null) {
  const condition = tenantId
    ? and(eq(memberships.userId, userId), eq(memberships.tenantId, tenantId))
    : eq(memberships.userId, userId);
  const [row] = await db
    .select({ role: memberships.role, tenant: tenants })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(condition)
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row as { role: TenantRole; tenant: typeof tenants.$inferSelect } | undefined;
}

/** Everything the auth routes return about an account: user, tenant and role. */
export async function loadAccount(db: Db, userId: string, tenantId?: string | null) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const membership = tenantId === null ? undefined : await findMembership(db, userId, tenantId);
  if (tenantId && !membership) return undefined;
  return { user, membership };
}
