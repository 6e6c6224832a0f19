export const TENANT_ROLES = ['agent', 'supervisor', 'tenant_admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const API_KEY_SCOPES = [
  'read',
  'messages:write',
  'calls:write',
  'contacts:write',
  'webhooks:write',
  'admin',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Who is calling. Every authenticated request has exactly one. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      tenantId: string | null;
      role: TenantRole | null;
      isPlatformAdmin: boolean;
    }
  | { kind: 'api_key'; keyId: string; tenantId: string; scopes: ApiKeyScope[] };

/** What a route needs: a user's minimum role, or an API key's scope. */
export type Requirement = { role?: TenantRole; scope?: ApiKeyScope; platformAdmin?: boolean };

export function roleAtLeast(role: TenantRole | null, minimum: TenantRole): boolean {
  return role !== null && TENANT_ROLES.indexOf(role) >= TENANT_ROLES.indexOf(minimum);
}

export function actorOf(principal: Principal): { actorType: string; actorId: string } {
  return principal.kind === 'user'
    ? { actorType: 'user', actorId: principal.userId }
    : { actorType: 'api_key', actorId: principal.keyId };
}
