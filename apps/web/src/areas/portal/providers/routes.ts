import type { RouteRecordRaw } from 'vue-router';

export const providerRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/providers',
    name: 'providers',
    component: () => import('./pages/providers-page.vue'),
    meta: { title: 'Providers', area: 'portal', roles: ['tenant_admin'] },
  },
];
