import type { RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';
import { statusRoutes } from './status/routes';

export const portalRoutes: RouteRecordRaw[] = [...statusRoutes, createAreaPlaceholderRoute('portal')];
