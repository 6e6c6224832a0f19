import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import { validationError } from '../../platform/errors/problem';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { users } from './users.schema';

export const CreatePlatformAdminSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
});
export type CreatePlatformAdmin = z.infer<typeof CreatePlatformAdminSchema>;

/** The first user of an installation: a platform admin, created from the CLI (`iris create-admin`). */
export async function createPlatformAdmin(options: { db: Db; input: unknown }) {
  const parsed = CreatePlatformAdminSchema.safeParse(options.input);
  if (!parsed.success) throw validationError(parsed.error, 'admin');
  const { email, name, password } = parsed.data;
  const existing = await options.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  if (existing.length > 0) throw new AppError('conflict', `A user with email ${email} already exists`);
  const [user] = await options.db
    .insert(users)
    .values({
      id: newId('usr'),
      email,
      name,
      passwordHash: await hashPassword(password),
      isPlatformAdmin: true,
    })
    .returning({ id: users.id, email: users.email, name: users.name });
  return user!;
}
