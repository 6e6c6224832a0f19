import type { RouteRecordRaw } from 'vue-router';

export type Area = 'portal' | 'agent' | 'admin';

export const AREAS: Record<Area, { title: string; path: string; summary: string; audience: string }> = {
  portal: {
    title: 'Customer portal',
    path: '/portal',
    summary: 'Numbers, messages, contacts, webhooks and API keys for your organization.',
    audience: 'tenant admins and developers',
  },
  agent: {
    title: 'Agent desktop',
    path: '/agent',
    summary: 'Conversations, calls and the browser softphone for contact-center agents.',
    audience: 'agents and supervisors',
  },
  admin: {
    title: 'Platform admin',
    path: '/admin',
    summary: 'Tenants, carriers, providers and settings for the whole installation.',
    audience: 'platform admins',
  },
};

/** Every URL of an area that has no page yet shows the same honest "not built yet" page. */
export function createAreaPlaceholderRoute(area: Area): RouteRecordRaw {
  return {
    path: `${AREAS[area].path}/:rest(.*)*`,
    name: `${area}-not-built`,
    component: () => import('../pages/not-built-page.vue'),
    meta: { title: AREAS[area].title, area, ...(area === 'admin' ? { platformAdmin: true } : {}) },
  };
}
