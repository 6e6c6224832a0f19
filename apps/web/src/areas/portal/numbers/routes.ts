import type { RouteRecordRaw } from 'vue-router';

export const numberRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/numbers',
    name: 'numbers',
    component: () => import('./pages/numbers-page.vue'),
    meta: { title: 'Numbers & senders', area: 'portal' },
  },
];
