import type { RouteMeta, RouteRecordRaw } from 'vue-router';

const meta: Omit<RouteMeta, 'title'> = { area: 'portal', roles: ['tenant_admin'] };

// One section with tabs; the template editor is its own lazy chunk so only it loads TipTap.
export const emailRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/email',
    component: () => import('./pages/email-layout-page.vue'),
    meta: { title: 'Email', ...meta },
    children: [
      { path: '', name: 'email', redirect: { name: 'email-domains' }, meta: { title: 'Email', ...meta } },
      {
        path: 'domains',
        name: 'email-domains',
        component: () => import('./pages/domains-page.vue'),
        meta: { title: 'Email domains', ...meta },
      },
      {
        path: 'templates',
        name: 'email-templates',
        component: () => import('./pages/templates-page.vue'),
        meta: { title: 'Email templates', ...meta },
      },
      {
        path: 'templates/:id',
        name: 'email-template',
        component: () => import('./pages/template-editor-page.vue'),
        meta: { title: 'Edit email template', ...meta },
      },
      {
        path: 'suppression',
        name: 'email-suppression',
        component: () => import('./pages/suppression-page.vue'),
        meta: { title: 'Suppression list', ...meta },
      },
    ],
  },
];
