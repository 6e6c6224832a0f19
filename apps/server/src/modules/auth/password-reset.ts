import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { hashSecret, randomSecret, secretMatches } from '../../platform/crypto/secrets';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import { outboxNotification } from '../notifications/outbox-notification';
import { findUserByEmail } from '../users/find-account';
import { hashPassword } from '../users/password';
import { users } from '../users/users.schema';
import { passwordResetTokens } from './auth.schema';
import { revokeAllSessions } from './sessions';

const RESET_VALID_MS = 60 * 60 * 1000;

/** Emails a reset link if the account exists; says nothing either way (no account discovery). */
export async function requestPasswordReset(ctx: Pick<AppContext, 'db' | 'config'>, email: string) {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const id = newId('prt');
  const secret = randomSecret();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(passwordResetTokens).values({
      id,
      userId: user.id,
      secretHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + RESET_VALID_MS),
    });
    await outboxNotification(tx, {
      tenantId: null,
      kind: 'password_reset',
      toEmail: user.email,
      subject: 'Reset your IRIS password',
      text: `Someone asked to reset the password of ${user.email}. If it was you, open this link within an hour:\n\n${ctx.config.http.publicUrl}/reset-password?token=${id}.${secret}\n\nIf it was not you, ignore this email.`,
    });
  });
}

/** Sets the new password, spends the token and ends every session of the account. */
export async function confirmPasswordReset(ctx: Pick<AppContext, 'db'>, token: string, password: string) {
  const [id, secret] = token.split('.', 2);
  const invalid = new AppError('bad_request', 'The reset link is invalid or expired; ask for a new one');
  if (!id || !secret) throw invalid;
  const [row] = await ctx.db
    .select()
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.id, id),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, new Date()),
      ),
    );
  if (!row || !secretMatches(secret, row.secretHash)) throw invalid;
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const spent = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt)))
      .returning({ id: passwordResetTokens.id });
    if (spent.length === 0) throw invalid;
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, row.userId));
  });
  await revokeAllSessions(ctx.db, row.userId);
}
