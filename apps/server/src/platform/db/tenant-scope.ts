import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { pageQuery, toPage } from '../http/paginate';
import type { Db, Tx } from './database';

/** A table whose rows belong to a tenant. */
export type TenantTable = PgTable & { tenantId: PgColumn };

/**
 * The only way module code reaches tenant rows: every read, update and delete is filtered by the
 * tenant of the authenticated principal, and every insert is stamped with it. There is no method to
 * name another tenant; platform-wide access goes through the explicit admin services.
 */
export type TenantScope = ReturnType<typeof createTenantScope>;

export function createTenantScope(db: Db | Tx, tenantId: string) {
  const owned = (table: TenantTable, condition?: SQL) =>
    condition ? and(eq(table.tenantId, tenantId), condition)! : eq(table.tenantId, tenantId);

  const scope = {
    tenantId,
    /** `where` for a query on a tenant table: this tenant's rows, and `condition`. */
    owned,
    select<T extends TenantTable>(
      table: T,
      condition?: SQL,
      options: { orderBy?: SQL | PgColumn; limit?: number } = {},
    ) {
      let query = db
        .select()
        .from(table as PgTable)
        .where(owned(table, condition))
        .$dynamic();
      if (options.orderBy) query = query.orderBy(options.orderBy);
      if (options.limit) query = query.limit(options.limit);
      return query as unknown as Promise<T['$inferSelect'][]>;
    },
    /** One cursor page of this tenant's rows, newest first (ids are sortable), mapped through `view`. */
    async page<T extends TenantTable & { id: PgColumn }, V>(
      table: T,
      query: { limit: number; cursor?: string },
      view: (row: T['$inferSelect']) => V,
      condition?: SQL,
    ) {
      const q = pageQuery(table.id, query, condition);
      const rows = (await scope.select(table, q.where, {
        orderBy: q.orderBy,
        limit: q.limit,
      })) as (T['$inferSelect'] & {
        id: string;
      })[];
      return toPage(rows, query.limit, view);
    },
    insert<T extends TenantTable>(table: T, values: Omit<T['$inferInsert'], 'tenantId'>) {
      return db
        .insert(table as PgTable)
        .values({ ...values, tenantId } as never)
        .returning() as unknown as Promise<T['$inferSelect'][]>;
    },
    update<T extends TenantTable>(
      table: T,
      values: Partial<Omit<T['$inferInsert'], 'tenantId'>>,
      condition: SQL,
    ) {
      return db
        .update(table as PgTable)
        .set(values as never)
        .where(owned(table, condition))
        .returning() as unknown as Promise<T['$inferSelect'][]>;
    },
    delete<T extends TenantTable>(table: T, condition: SQL) {
      return db
        .delete(table as PgTable)
        .where(owned(table, condition))
        .returning() as unknown as Promise<T['$inferSelect'][]>;
    },
  };
  return scope;
}
