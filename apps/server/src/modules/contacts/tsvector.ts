import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL's `tsvector` (Drizzle has no built-in type): written by SQL expressions, never read as a value. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});
