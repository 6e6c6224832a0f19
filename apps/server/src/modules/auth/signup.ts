import type { AppContext } from '../../app-context';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import { provisionSandboxSenders } from '../numbers/provision-sandbox-senders';
import { memberships, tenants } from '../tenants/tenants.schema';
import { findUserByEmail } from '../users/find-account';
import { hashPassword } from '../users/password';
import { users } from '../users/users.schema';

/** A new tenant and its first tenant_admin, in one transaction. */
export async function signup(
  ctx: Pick<AppContext, 'db'>,
  input: { tenantName: string; name: string; email: string; password: string },
) {
  if (await findUserByEmail(ctx.db, input.email)) {
    throw new AppError(
      'conflict',
      'An account with this email exists; log in, or ask its tenant admin for an invitation',
    );
  }
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ id: newId('ten'), name: input.tenantName })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ id: newId('usr'), email: input.email, name: input.name, passwordHash })
      .returning();
    await tx
      .insert(memberships)
      .values({ id: newId('mem'), tenantId: tenant!.id, userId: user!.id, role: 'tenant_admin' });
    await provisionSandboxSenders(tx, tenant!.id);
    return { user: user!, tenant: tenant! };
  });
}
