import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import { adminRoutes } from './areas/admin/routes';
import { agentRoutes } from './areas/agent/routes';
import { portalRoutes } from './areas/portal/routes';
import { simulatorRoutes } from './areas/simulator/routes';
import { authRoutes } from './shared/auth/auth.routes';
import { useAuthStore } from './shared/auth/auth.store';
import './shared/routing/route-meta';

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes: [
      ...authRoutes,
      ...portalRoutes,
      ...simulatorRoutes,
      ...agentRoutes,
      ...adminRoutes,
      {
        path: '/forbidden',
        name: 'forbidden',
        component: () => import('./shared/pages/forbidden-page.vue'),
        meta: { title: 'Not allowed' },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./shared/pages/not-found-page.vue'),
        meta: { title: 'Page not found', public: true },
      },
    ],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  // Every page but the public ones needs a session; a reload restores it from the refresh cookie.
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const auth = useAuthStore();
    if (!(await auth.restore())) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.meta.platformAdmin && !auth.user?.isPlatformAdmin) return { name: 'forbidden' };
    if (!auth.hasRole(to.meta.roles)) return { name: 'forbidden' };
    return true;
  });

  router.afterEach((to, from) => {
    document.title = `${to.meta.title} · IRIS`;
    // After an in-app navigation, move focus to the new page so screen readers announce it.
    if (from.matched.length > 0) document.getElementById('main')?.focus();
  });
  return router;
}
