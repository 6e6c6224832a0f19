import type { RouteRecordRaw } from 'vue-router';

export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: '/portal',
    name: 'dashboard',
    component: () => import('./pages/dashboard-page.vue'),
    meta: { title: 'Dashboard', area: 'portal' },
  },
];
