import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type Schemas, unwrap, useTokenSource } from '../api/client';

export type Role = NonNullable<Schemas['Role']>;
type Session = Schemas['Session'];

/**
 * The signed-in session. The access token lives only in memory; the refresh token is an httpOnly
 * cookie the server sets on /v1/auth, so a reload restores the session through `restore()`.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string>();
  const user = ref<Session['user']>();
  const tenant = ref<Session['tenant']>(null);
  const role = ref<Schemas['Role']>(null);
  const restored = ref(false);
  let refreshing: Promise<string | undefined> | undefined;

  const signedIn = computed(() => accessToken.value !== undefined && user.value !== undefined);

  function apply(session: Session) {
    accessToken.value = session.accessToken;
    user.value = session.user;
    tenant.value = session.tenant;
    role.value = session.role;
  }

  function clear() {
    accessToken.value = undefined;
    user.value = undefined;
    tenant.value = null;
    role.value = null;
  }

  /** One refresh at a time: parallel 401s share it. */
  function refresh(): Promise<string | undefined> {
    refreshing ??= api
      .POST('/v1/auth/refresh', { body: {}, credentials: 'same-origin' })
      .then(({ data }) => {
        if (data) apply(data);
        else clear();
        return data?.accessToken;
      })
      .catch(() => {
        clear();
        return undefined;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  useTokenSource({ token: () => accessToken.value, refresh });

  /** Called once before the first guarded navigation: picks up a session from the refresh cookie. */
  async function restore() {
    if (!restored.value) {
      await refresh();
      restored.value = true;
    }
    return signedIn.value;
  }

  async function login(body: { email: string; password: string }) {
    apply(await unwrap(api.POST('/v1/auth/login', { body })));
    restored.value = true;
  }

  async function signup(body: { tenantName: string; name: string; email: string; password: string }) {
    apply(await unwrap(api.POST('/v1/auth/signup', { body })));
    restored.value = true;
  }

  async function logout() {
    await api.POST('/v1/auth/logout').catch(() => undefined);
    clear();
  }

  /** True when the signed-in role is one of `roles` (tenant admins can do everything in their tenant). */
  function hasRole(roles: readonly Role[] | undefined) {
    if (!roles || roles.length === 0) return true;
    if (!role.value) return false;
    return role.value === 'tenant_admin' || roles.includes(role.value);
  }

  return {
    accessToken,
    user,
    tenant,
    role,
    restored,
    signedIn,
    refresh,
    restore,
    login,
    signup,
    logout,
    hasRole,
  };
});
