import type { MiddlewareHandler } from 'hono';
import { looksLikeApiKey, parseApiKey } from '../../modules/api-keys/api-key-format';
import type { ApiKeyVerifier } from '../../modules/api-keys/api-key-verifier';
import { type AccessClaims, verifyAccessToken } from '../../modules/auth/access-token';
import type { TenantSettingsCache } from '../../modules/tenants/tenant-settings-cache';
import { type Principal, type Requirement, roleAtLeast } from '../auth/principal';
import type { Db } from '../db/database';
import { createTenantScope } from '../db/tenant-scope';
import { AppError } from '../errors/app-error';
import type { AppEnv } from './app-env';

export type Authenticator = {
  accessTokenKey: Uint8Array;
  apiKeys: ApiKeyVerifier;
  db: Db;
  tenants: TenantSettingsCache;
};

const CHALLENGE = { 'www-authenticate': 'Bearer realm="iris", Basic realm="iris"' };
const unauthorized = (message: string) =>
  new AppError('unauthorized', message, { details: { headers: CHALLENGE } });

async function principalOf(header: string | undefined, auth: Authenticator): Promise<Principal> {
  if (!header) throw unauthorized('Send an access token or API key in the Authorization header');
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const key = colon > 0 ? parseApiKey(`${decoded.slice(0, colon)}.${decoded.slice(colon + 1)}`) : null;
    const principal = key && (await auth.apiKeys.verify(key.id, key.secret));
    if (!principal) throw unauthorized('The API key id or secret is wrong, or the key was revoked');
    return principal;
  }
  if (scheme?.toLowerCase() !== 'bearer' || !value) throw unauthorized('Use the Bearer or Basic scheme');
  if (looksLikeApiKey(value)) {
    const key = parseApiKey(value);
    const principal = key && (await auth.apiKeys.verify(key.id, key.secret));
    if (!principal) throw unauthorized('The API key is wrong or was revoked');
    return principal;
  }
  const claims = await verifyAccessToken(auth.accessTokenKey, value);
  if ('error' in claims) throw unauthorized(claims.error);
  return userPrincipal(claims);
}

const userPrincipal = (claims: AccessClaims): Principal => ({ kind: 'user', ...claims });

function meets(principal: Principal, requirement: Requirement): boolean {
  if (requirement.platformAdmin) return principal.kind === 'user' && principal.isPlatformAdmin;
  if (principal.kind === 'api_key') {
    return (
      !requirement.scope || principal.scopes.includes(requirement.scope) || principal.scopes.includes('admin')
    );
  }
  return !requirement.role || roleAtLeast(principal.role, requirement.role);
}

/**
 * Resolves the caller, checks the route's requirement and, for tenant routes, sets the tenant-scoped
 * database handle — the only one handlers get.
 */
export function authenticate(
  auth: Authenticator,
  requirement: Requirement & { tenant?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  const needsTenant = requirement.tenant ?? !requirement.platformAdmin;
  return async (c, next) => {
    const principal = await principalOf(c.req.header('authorization'), auth);
    c.set('principal', principal);
    if (!meets(principal, requirement)) {
      throw new AppError('forbidden', 'Your role or API key scopes do not allow this');
    }
    if (needsTenant) {
      if (!principal.tenantId)
        throw new AppError('forbidden', 'This route acts on a tenant; your login has none');
      const tenant = await auth.tenants.get(principal.tenantId);
      if (!tenant) throw unauthorized('The tenant of these credentials no longer exists');
      if (tenant.status === 'suspended')
        throw new AppError('forbidden', 'This tenant is suspended; contact the platform admin');
      c.set('tenant', createTenantScope(auth.db, principal.tenantId));
    }
    await next();
  };
}
