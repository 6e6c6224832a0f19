import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { TENANT_ROLES } from '../../platform/auth/principal';

const ISSUER = 'iris';
const AUDIENCE = 'iris-api';

const ClaimsSchema = z.object({
  sub: z.string(),
  tid: z.string().nullable(),
  role: z.enum(TENANT_ROLES).nullable(),
  pa: z.boolean(),
  typ: z.literal('access'),
});
export type AccessClaims = {
  userId: string;
  tenantId: string | null;
  role: (typeof TENANT_ROLES)[number] | null;
  isPlatformAdmin: boolean;
};

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessClaims,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ tid: claims.tenantId, role: claims.role, pa: claims.isPlatformAdmin, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/** Verifies signature (HS256 only: `alg: none` and algorithm swaps are refused), expiry, issuer, audience. */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
): Promise<AccessClaims | { error: string }> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { error: 'The access token has unexpected claims' };
    return {
      userId: claims.data.sub,
      tenantId: claims.data.tid,
      role: claims.data.role,
      isPlatformAdmin: claims.data.pa,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { error: 'The access token has expired' };
    return { error: 'The access token is invalid' };
  }
}
