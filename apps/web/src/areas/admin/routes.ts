import type { RouteMeta, RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';

const meta: Omit<RouteMeta, 'title'> = { area: 'admin', platformAdmin: true };

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    name: 'admin',
    redirect: { name: 'admin-tenants' },
    meta: { title: 'Platform admin', ...meta },
  },
  {
    path: '/admin/tenants',
    name: 'admin-tenants',
    component: () => import('./pages/admin-tenants-page.vue'),
    meta: { title: 'Tenants', ...meta },
  },
  {
    path: '/admin/voice',
    name: 'admin-voice',
    component: () => import('./pages/admin-voice-page.vue'),
    meta: { title: 'Voice status', ...meta },
  },
  {
    path: '/admin/usage',
    name: 'admin-usage',
    component: () => import('./pages/admin-usage-page.vue'),
    meta: { title: 'Usage', ...meta },
  },
  {
    path: '/admin/system',
    name: 'admin-system',
    component: () => import('./pages/admin-system-page.vue'),
    meta: { title: 'System', ...meta },
  },
  createAreaPlaceholderRoute('admin'),
];
