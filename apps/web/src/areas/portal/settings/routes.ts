import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/settings',
    name: 'settings',
    component: () => import('./pages/settings-page.vue'),
    meta: { title: 'Settings', area: 'portal', roles: ['tenant_admin'] },
  },
];
