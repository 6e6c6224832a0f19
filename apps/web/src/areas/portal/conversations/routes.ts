import type { RouteRecordRaw } from 'vue-router';

const page = () => import('./pages/conversations-page.vue');

export const conversationRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/conversations',
    name: 'conversations',
    component: page,
    meta: { title: 'Conversations', area: 'portal' },
  },
  {
    path: '/portal/conversations/:id',
    name: 'conversation',
    component: page,
    meta: { title: 'Conversation', area: 'portal' },
  },
];
