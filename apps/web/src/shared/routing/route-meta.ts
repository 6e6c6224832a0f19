import type { Area } from './areas';

// vue-router types route meta through interface merging, the one place we use `interface`.
declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the document title. */
    title: string;
    area?: Area;
  }
}
