import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import { adminRoutes } from './areas/admin/routes';
import { agentRoutes } from './areas/agent/routes';
import { portalRoutes } from './areas/portal/routes';
import './shared/routing/route-meta';

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes: [
      ...portalRoutes,
      ...agentRoutes,
      ...adminRoutes,
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./shared/pages/not-found-page.vue'),
        meta: { title: 'Page not found' },
      },
    ],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.afterEach((to, from) => {
    document.title = `${to.meta.title} · IRIS`;
    // After an in-app navigation, move focus to the new page so screen readers announce it.
    if (from.matched.length > 0) document.getElementById('main')?.focus();
  });
  return router;
}
