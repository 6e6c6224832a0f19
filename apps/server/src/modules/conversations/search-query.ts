import { type SQL, sql } from 'drizzle-orm';

/**
 * Full-text search uses the `simple` configuration everywhere (no stemming, no stop words): tenants
 * write in every language, and names, numbers and addresses must match as typed.
 */
export function searchVector(text: string | null | undefined): SQL {
  return sql`to_tsvector('simple'::regconfig, ${text ?? ''})`;
}

/**
 * The tsquery for what an agent typed: every word must match, each as a prefix (results appear
 * while typing; `alice` finds alice@example.com, `+1415` a phone number). Each word is a quoted
 * tsquery term that PostgreSQL's own parser splits, so no input is a syntax error. Undefined when
 * nothing searchable is left.
 */
export function searchQuery(input: string): SQL | undefined {
  const words = input
    .split(/\s+/)
    .map((word) => word.replace(/[\\']/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 16);
  if (words.length === 0) return undefined;
  const terms = words.map((word) => `'${word}':*`);
  return sql`to_tsquery('simple'::regconfig, ${terms.join(' & ')})`;
}
