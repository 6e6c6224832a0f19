import { and, desc, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Cursor pagination over prefixed sortable ids, newest first: the cursor is the last id of the
 * previous page. Fetches one row more than asked to know whether a next page exists.
 */
export function pageQuery(idColumn: PgColumn, query: { limit: number; cursor?: string }, condition?: SQL) {
  const where = query.cursor ? and(condition, lt(idColumn, query.cursor)) : condition;
  return { where, orderBy: desc(idColumn), limit: query.limit + 1 };
}

export function toPage<T extends { id: string }, U>(rows: T[], limit: number, map: (row: T) => U) {
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  return { data: data.map(map), nextCursor: hasMore ? data.at(-1)!.id : null };
}
