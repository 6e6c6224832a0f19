import type { RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';

export const agentRoutes: RouteRecordRaw[] = [createAreaPlaceholderRoute('agent')];
