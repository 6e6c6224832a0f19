import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { secretMatches } from '../../platform/crypto/secrets';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import { memberships, tenants } from '../tenants/tenants.schema';
import { findUserByEmail } from '../users/find-account';
import { hashPassword, verifyPassword } from '../users/password';
import { users } from '../users/users.schema';
import { invitations } from './invitations.schema';

/**
 * Joins the invited tenant: a new account is created, or an existing one (proved by its password)
 * gains a membership. The invitation is spent either way.
 */
export async function acceptInvitation(
  ctx: Pick<AppContext, 'db'>,
  input: { token: string; name: string; password: string },
) {
  const [id, secret] = input.token.split('.', 2);
  const invalid = new AppError('bad_request', 'The invitation is invalid, expired, revoked or already used');
  if (!id || !secret) throw invalid;
  const [invitation] = await ctx.db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (!invitation || !secretMatches(secret, invitation.secretHash)) throw invalid;

  const existing = await findUserByEmail(ctx.db, invitation.email);
  if (existing && !(await verifyPassword(existing.passwordHash, input.password))) {
    throw new AppError('forbidden', 'An account with this email exists: enter its password to join');
  }
  const passwordHash = existing ? undefined : await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const spent = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (spent.length === 0) throw invalid;
    const user =
      existing ??
      (
        await tx
          .insert(users)
          .values({
            id: newId('usr'),
            email: invitation.email,
            name: input.name,
            passwordHash: passwordHash!,
          })
          .returning()
      )[0]!;
    await tx
      .insert(memberships)
      .values({ id: newId('mem'), tenantId: invitation.tenantId, userId: user.id, role: invitation.role })
      .onConflictDoNothing();
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, invitation.tenantId));
    return { user, membership: { role: invitation.role, tenant: tenant! } };
  });
}
