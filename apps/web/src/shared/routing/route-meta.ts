import type { Role } from '../auth/auth.store';
import type { Area } from './areas';

// vue-router types route meta through interface merging, the one place we use `interface`.
declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the document title. */
    title: string;
    area?: Area;
    /** Reachable without signing in (sign-in pages, system status). */
    public?: boolean;
    /** Roles that may open the page; tenant admins may open all. Empty: any signed-in member. */
    roles?: Role[];
    /** Only platform admins. */
    platformAdmin?: boolean;
  }
}
