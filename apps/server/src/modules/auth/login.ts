import type { AppContext } from '../../app-context';
import { AppError } from '../../platform/errors/app-error';
import { findMembership, findUserByEmail } from '../users/find-account';
import { hashPassword, verifyPassword } from '../users/password';

// Verifying against a real hash when the email is unknown keeps both answers equally slow.
const UNKNOWN_USER_HASH = hashPassword('a password nobody has, for timing only');

export async function login(
  ctx: Pick<AppContext, 'db' | 'loginThrottle'>,
  input: { email: string; password: string; tenantId?: string },
  address: string,
) {
  await ctx.loginThrottle.assertAllowed(input.email, address);
  const user = await findUserByEmail(ctx.db, input.email);
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await UNKNOWN_USER_HASH, input.password);
  if (!user || !ok) {
    await ctx.loginThrottle.recordFailure(input.email, address);
    throw new AppError('unauthorized', 'The email or password is wrong');
  }
  const membership = await findMembership(ctx.db, user.id, input.tenantId);
  if (input.tenantId && !membership) throw new AppError('forbidden', 'You are not a member of that tenant');
  if (!membership && !user.isPlatformAdmin)
    throw new AppError('forbidden', 'Your account belongs to no tenant any more');
  return { user, membership };
}
