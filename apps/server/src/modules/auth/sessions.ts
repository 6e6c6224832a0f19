import { and, eq, isNull } from 'drizzle-orm';
import type { Config } from '../../config';
import type { TenantRole } from '../../platform/auth/principal';
import { hashSecret, randomSecret, secretMatches } from '../../platform/crypto/secrets';
import type { Db } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { AppError } from '../../platform/errors/app-error';
import { signAccessToken } from './access-token';
import { refreshTokens } from './auth.schema';

export type SessionContext = { db: Db; config: Config; accessTokenKey: Uint8Array };
export type SessionSubject = {
  userId: string;
  tenantId: string | null;
  role: TenantRole | null;
  isPlatformAdmin: boolean;
};
export type Session = {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
};

async function issueRefreshToken(ctx: SessionContext, subject: SessionSubject, familyId: string) {
  const id = newId('rt');
  const secret = randomSecret();
  const expiresAt = new Date(Date.now() + ctx.config.auth.refreshTokenTtlDays * 86_400_000);
  await ctx.db.insert(refreshTokens).values({
    id,
    familyId,
    userId: subject.userId,
    tenantId: subject.tenantId,
    secretHash: hashSecret(secret),
    expiresAt,
  });
  return { refreshToken: `${id}.${secret}`, refreshExpiresAt: expiresAt };
}

async function accessTokenFor(ctx: SessionContext, subject: SessionSubject) {
  const ttl = ctx.config.auth.accessTokenTtlSeconds;
  return { accessToken: await signAccessToken(ctx.accessTokenKey, subject, ttl), expiresIn: ttl };
}

/** A new login: a new refresh-token family. */
export async function startSession(ctx: SessionContext, subject: SessionSubject): Promise<Session> {
  return {
    ...(await accessTokenFor(ctx, subject)),
    ...(await issueRefreshToken(ctx, subject, newId('rtf'))),
  };
}

/**
 * Spends a refresh token and issues the next of its family. A token presented twice was copied:
 * the whole family is revoked, so neither the thief nor the owner can go on with it.
 */
export async function rotateSession(
  ctx: SessionContext,
  presented: string,
  resolveSubject: (userId: string, tenantId: string | null) => Promise<SessionSubject | null>,
): Promise<Session> {
  const [id, secret] = presented.split('.', 2);
  const invalid = new AppError(
    'unauthorized',
    'The refresh token is invalid, expired or revoked; log in again',
  );
  if (!id || !secret) throw invalid;
  const [token] = await ctx.db.select().from(refreshTokens).where(eq(refreshTokens.id, id));
  if (!token || !secretMatches(secret, token.secretHash)) throw invalid;
  if (token.revokedAt || token.expiresAt < new Date()) throw invalid;

  // Spend it atomically: of two concurrent refreshes with one token, exactly one wins.
  const spent = await ctx.db
    .update(refreshTokens)
    .set({ spentAt: new Date() })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.spentAt)))
    .returning({ id: refreshTokens.id });
  if (spent.length === 0) {
    await revokeFamily(ctx.db, token.familyId);
    throw new AppError(
      'unauthorized',
      'This refresh token was already used; every session of its login is now revoked',
    );
  }
  const subject = await resolveSubject(token.userId, token.tenantId);
  if (!subject) {
    await revokeFamily(ctx.db, token.familyId);
    throw invalid;
  }
  return {
    ...(await accessTokenFor(ctx, subject)),
    ...(await issueRefreshToken(ctx, subject, token.familyId)),
  };
}

export async function revokeFamily(db: Db, familyId: string) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Ends the session a refresh token belongs to (logout). Unknown tokens are ignored. */
export async function endSession(db: Db, presented: string) {
  const [id, secret] = presented.split('.', 2);
  if (!id || !secret) return;
  const [token] = await db.select().from(refreshTokens).where(eq(refreshTokens.id, id));
  if (token && secretMatches(secret, token.secretHash)) await revokeFamily(db, token.familyId);
}

export async function revokeAllSessions(db: Db, userId: string) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
