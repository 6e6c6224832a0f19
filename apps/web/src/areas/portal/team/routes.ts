import type { RouteRecordRaw } from 'vue-router';

export const teamRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/team',
    name: 'team',
    component: () => import('./pages/team-page.vue'),
    meta: { title: 'Team & roles', area: 'portal', roles: ['tenant_admin'] },
  },
];
