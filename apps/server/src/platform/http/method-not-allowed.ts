import type { Hono } from 'hono';

/**
 * Hono answers an unmatched method with 404; clients expect 405 with an Allow header when the
 * path exists under other methods. Route patterns are compiled once, on first use.
 */
export function createAllowedMethods(app: Hono<never>) {
  let table: { regex: RegExp; method: string }[] | undefined;
  return (path: string): string[] => {
    table ??= app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ regex: patternToRegex(r.path), method: r.method }));
    const methods = new Set(table.filter((r) => r.regex.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

function patternToRegex(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) {
        const constraint = segment.match(/\{(.+)\}$/);
        return constraint ? `(?:${constraint[1]})` : '[^/]+';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
