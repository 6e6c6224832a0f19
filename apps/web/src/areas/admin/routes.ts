import type { RouteRecordRaw } from 'vue-router';
import { createAreaPlaceholderRoute } from '../../shared/routing/areas';

export const adminRoutes: RouteRecordRaw[] = [createAreaPlaceholderRoute('admin')];
