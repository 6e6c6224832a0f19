import { type SQL, sql } from 'drizzle-orm';
import type { SqlRows, Tx } from './database';

/**
 * Turns a library's positional SQL (`$1`, `$2`…) into a Drizzle SQL object and runs it
 * on the caller's transaction: how pg-boss enqueues a job inside our transaction (the outbox).
 */
export function executeOnTransaction(tx: Tx, text: string, values: unknown[] = []): Promise<SqlRows> {
  return tx.execute(toDrizzleSql(text, values)) as unknown as Promise<SqlRows>;
}

export function toDrizzleSql(text: string, values: unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    const index = Number(match[1]) - 1;
    if (index < 0 || index >= values.length)
      throw new RangeError(`SQL refers to $${index + 1} without a value`);
    // Drizzle drops `undefined` from templates; node-postgres sends it as NULL, so do the same.
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${values[index] ?? null}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
