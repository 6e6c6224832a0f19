import type { RouteRecordRaw } from 'vue-router';

export const messageRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/messages',
    name: 'messages',
    component: () => import('./pages/messages-page.vue'),
    meta: { title: 'Messages', area: 'portal' },
  },
  {
    path: '/portal/messages/:id',
    name: 'message',
    component: () => import('./pages/message-page.vue'),
    meta: { title: 'Message', area: 'portal' },
  },
];
