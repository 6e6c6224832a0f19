import type { RouteRecordRaw } from 'vue-router';

export const contactRoutes: RouteRecordRaw[] = [
  {
    path: '/portal/contacts',
    name: 'contacts',
    component: () => import('./pages/contacts-page.vue'),
    meta: { title: 'Contacts', area: 'portal' },
  },
  {
    path: '/portal/contacts/:id',
    name: 'contact',
    component: () => import('./pages/contact-page.vue'),
    meta: { title: 'Contact', area: 'portal' },
  },
];
