import type { RouteMeta, RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';

// Agents and supervisors (tenant admins may open everything in their tenant).
const meta: Omit<RouteMeta, 'title'> = { area: 'agent', roles: ['agent', 'supervisor'] };

export const agentRoutes: RouteRecordRaw[] = [
  {
    path: '/agent',
    name: 'agent',
    component: () => import('./pages/agent-home-page.vue'),
    meta: { title: 'Agent desktop', ...meta },
  },
  {
    path: '/agent/inbox',
    name: 'agent-inbox',
    component: () => import('./pages/agent-inbox-page.vue'),
    meta: { title: 'Inbox', ...meta },
  },
  {
    path: '/agent/softphone',
    name: 'agent-softphone',
    component: () => import('./pages/agent-softphone-page.vue'),
    meta: { title: 'Softphone', ...meta },
  },
  {
    path: '/agent/status',
    name: 'agent-status',
    component: () => import('./pages/agent-status-page.vue'),
    meta: { title: 'My status', ...meta },
  },
  createAreaPlaceholderRoute('agent'),
];
