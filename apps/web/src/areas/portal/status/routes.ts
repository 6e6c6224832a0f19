import type { RouteRecordRaw } from 'vue-router';

export const statusRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'status',
    component: () => import('./pages/status-page.vue'),
    meta: { title: 'System status', public: true },
  },
];
