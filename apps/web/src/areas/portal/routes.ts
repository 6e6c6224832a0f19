import type { RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute, createNotBuiltRoute } from '../../shared/routing/areas';
import { apiKeyRoutes } from './api-keys/routes';
import { auditRoutes } from './audit/routes';
import { conversationRoutes } from './conversations/routes';
import { dashboardRoutes } from './dashboard/routes';
import { messageRoutes } from './messages/routes';
import { numberRoutes } from './numbers/routes';
import { statusRoutes } from './status/routes';
import { teamRoutes } from './team/routes';

export const portalRoutes: RouteRecordRaw[] = [
  ...statusRoutes,
  ...dashboardRoutes,
  ...messageRoutes,
  ...numberRoutes,
  ...apiKeyRoutes,
  ...conversationRoutes,
  ...auditRoutes,
  ...teamRoutes,
  createNotBuiltRoute('portal', '/portal/contacts', 'Contacts'),
  createNotBuiltRoute('portal', '/portal/providers', 'Providers', ['tenant_admin']),
  createNotBuiltRoute('portal', '/portal/webhooks', 'Webhooks', ['tenant_admin']),
  createNotBuiltRoute('portal', '/portal/email', 'Email', ['tenant_admin']),
  createNotBuiltRoute('portal', '/portal/whatsapp', 'WhatsApp templates', ['tenant_admin']),
  createNotBuiltRoute('portal', '/portal/settings', 'Settings', ['tenant_admin']),
  createAreaPlaceholderRoute('portal'),
];
