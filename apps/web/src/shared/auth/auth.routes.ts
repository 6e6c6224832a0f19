import type { RouteRecordRaw } from 'vue-router';
import LoginPage from './pages/login-page.vue';

// The login page is bundled eagerly (it is the first thing most visits show); the rest are lazy.
export const authRoutes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { title: 'Sign in', public: true } },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('./pages/signup-page.vue'),
    meta: { title: 'Create your organization', public: true },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./pages/forgot-password-page.vue'),
    meta: { title: 'Reset your password', public: true },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('./pages/reset-password-page.vue'),
    meta: { title: 'Choose a new password', public: true },
  },
];
