import type { RouteRecordRaw } from 'vue-router';

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/audit',
    name: 'audit',
    component: () => import('./pages/audit-page.vue'),
    meta: { title: 'Audit log', area: 'portal', roles: ['tenant_admin'] },
  },
];
