import type { RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';
import { apiKeyRoutes } from './api-keys/routes';
import { auditRoutes } from './audit/routes';
import { contactRoutes } from './contacts/routes';
import { conversationRoutes } from './conversations/routes';
import { dashboardRoutes } from './dashboard/routes';
import { emailRoutes } from './email/routes';
import { messageRoutes } from './messages/routes';
import { numberRoutes } from './numbers/routes';
import { providerRoutes } from './providers/routes';
import { settingsRoutes } from './settings/routes';
import { statusRoutes } from './status/routes';
import { teamRoutes } from './team/routes';
import { webhookRoutes } from './webhooks/routes';
import { whatsappRoutes } from './whatsapp/routes';

export const portalRoutes: RouteRecordRaw[] = [
  ...statusRoutes,
  ...dashboardRoutes,
  ...messageRoutes,
  ...numberRoutes,
  ...apiKeyRoutes,
  ...conversationRoutes,
  ...auditRoutes,
  ...teamRoutes,
  ...contactRoutes,
  ...providerRoutes,
  ...webhookRoutes,
  ...emailRoutes,
  ...whatsappRoutes,
  ...settingsRoutes,
  createAreaPlaceholderRoute('portal'),
];
