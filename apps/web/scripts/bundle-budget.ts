import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

/** The budget: what the login route loads before it can render, gzip-compressed. */
export const LOGIN_ROUTE_BUDGET_BYTES = 300 * 1024;

/**
 * Gzip size of the JavaScript the login page needs at first load: the entry chunk (the login page
 * is bundled into it) and every chunk it imports statically. Lazy chunks are not counted.
 */
export function measureLoginRoute(distDir: string): { files: string[]; gzipBytes: number } {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('no entry chunk in the Vite manifest');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entry);
  const files = [...seen].map((key) => manifest[key]?.file ?? key).filter((file) => file.endsWith('.js'));
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(distDir, file))).length, 0);
  return { files, gzipBytes };
}
