import type { RouteRecordRaw } from 'vue-router';

export const simulatorRoutes: RouteRecordRaw[] = [
  {
    path: '/simulator',
    name: 'simulator',
    component: () => import('./pages/simulator-page.vue'),
    meta: { title: 'Device simulator', area: 'portal' },
  },
];
