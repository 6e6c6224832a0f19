import type { RouteRecordRaw } from 'vue-router';

export const apiKeyRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/api-keys',
    name: 'api-keys',
    component: () => import('./pages/api-keys-page.vue'),
    meta: { title: 'API keys', area: 'portal', roles: ['tenant_admin'] },
  },
];
