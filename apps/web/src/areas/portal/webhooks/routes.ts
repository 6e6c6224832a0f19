import type { RouteRecordRaw } from 'vue-router';

export const webhookRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/webhooks',
    name: 'webhooks',
    component: () => import('./pages/webhooks-page.vue'),
    meta: { title: 'Webhooks', area: 'portal', roles: ['tenant_admin'] },
  },
  {
    path: '/portal/webhooks/:id',
    name: 'webhook',
    component: () => import('./pages/webhook-page.vue'),
    meta: { title: 'Webhook endpoint', area: 'portal', roles: ['tenant_admin'] },
  },
];
