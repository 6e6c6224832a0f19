import type { RouteRecordRaw } from 'vue-router';

export const whatsappRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/whatsapp',
    name: 'whatsapp-templates',
    component: () => import('./pages/templates-page.vue'),
    meta: { title: 'WhatsApp templates', area: 'portal', roles: ['tenant_admin'] },
  },
  {
    path: '/portal/whatsapp/templates/:id',
    name: 'whatsapp-template',
    component: () => import('./pages/template-page.vue'),
    meta: { title: 'WhatsApp template', area: 'portal', roles: ['tenant_admin'] },
  },
];
