import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app-context';
import { newWebhookSecret } from './webhook-signature';
import { webhookCallbackSecrets } from './webhooks.schema';

type Ctx = Pick<AppContext, 'db' | 'encryptor'>;

/** The secrets that sign the tenant's status callbacks: the current one, plus the previous during a rotation. */
export async function callbackSecrets(ctx: Ctx, tenantId: string): Promise<string[]> {
  const [row] = await ctx.db
    .select()
    .from(webhookCallbackSecrets)
    .where(eq(webhookCallbackSecrets.tenantId, tenantId));
  if (!row) return [await ensureCallbackSecret(ctx, tenantId)];
  const secrets = [ctx.encryptor.decrypt(row.secret)];
  if (row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()) {
    secrets.push(ctx.encryptor.decrypt(row.previousSecret));
  }
  return secrets;
}

/** The tenant's current callback secret, created on first use (concurrent first uses agree on one). */
export async function ensureCallbackSecret(ctx: Ctx, tenantId: string): Promise<string> {
  await ctx.db
    .insert(webhookCallbackSecrets)
    .values({ tenantId, secret: ctx.encryptor.encrypt(newWebhookSecret()) })
    .onConflictDoNothing();
  const [row] = await ctx.db
    .select()
    .from(webhookCallbackSecrets)
    .where(eq(webhookCallbackSecrets.tenantId, tenantId));
  return ctx.encryptor.decrypt(row!.secret);
}

export async function rotateCallbackSecret(ctx: Ctx, tenantId: string, overlapHours: number) {
  const current = await ensureCallbackSecret(ctx, tenantId);
  const secret = newWebhookSecret();
  const previousSecretExpiresAt = new Date(Date.now() + overlapHours * 3_600_000);
  await ctx.db
    .update(webhookCallbackSecrets)
    .set({
      secret: ctx.encryptor.encrypt(secret),
      previousSecret: ctx.encryptor.encrypt(current),
      previousSecretExpiresAt,
      updatedAt: new Date(),
    })
    .where(eq(webhookCallbackSecrets.tenantId, tenantId));
  return { secret, previousSecretExpiresAt };
}
