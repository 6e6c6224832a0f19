// Summarises a profile written by profile-hook.mjs: top self time, top inclusive frames, CPU by
// package, and SQL statements per unit of work (request, message, delivery) with their round trips.
// Usage: tsx lib/summarize-profile.ts <dir>/<pid>-<n> [units=1] [top=15]
import { readFileSync } from 'node:fs';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };
type Sql = {
  wallMs: number;
  cpuMs: number;
  statements: number;
  pgliteTransactions: { count: number; ms: number };
  byStatement: { text: string; count: number; ms: number }[];
};

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/work\/main\//, '')
    .replace(/\?.*$/, '');

function frameName(node: Node) {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(anonymous)';
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

/** Where a frame's code lives: a package, our source folder, node's internals or V8's pseudo-frames. */
function area(node: Node) {
  const url = node.callFrame.url;
  if (!url) return node.callFrame.functionName || '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/work\/main\/((?:apps\/server\/src|packages\/[^/]+)\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (ours) return ours[1]!;
  return shortUrl(url);
}

export function summarizeProfile(base: string, units = 1, top = 15) {
  const profile = JSON.parse(readFileSync(`${base}.cpuprofile`, 'utf8')) as Profile;
  const sql = JSON.parse(readFileSync(`${base}.sql.json`, 'utf8')) as Sql;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    total += ms;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + ms);
    areas.set(area(node), (areas.get(area(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const busy = total - idle;
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)}%`;
  const topOf = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `  ${pct(ms).padStart(6)}  ${Math.round(ms).toString().padStart(6)} ms  ${name}`);

  const lines = [
    `profile ${base}: ${Math.round(total)} ms sampled, ${Math.round(idle)} ms idle (${((100 * idle) / total).toFixed(0)}%), busy ${Math.round(busy)} ms; process CPU ${Math.round(sql.cpuMs)} ms over ${Math.round(sql.wallMs)} ms wall`,
    `per unit (${units}): CPU ${(sql.cpuMs / units).toFixed(2)} ms, SQL statements ${(sql.statements / units).toFixed(1)}, SQL round-trip ${(sql.byStatement.reduce((n, s) => n + s.ms, 0) / units).toFixed(1)} ms (summed, they overlap across connections)`,
    sql.pgliteTransactions.count > 0
      ? `PGlite transactions: ${sql.pgliteTransactions.count}, mean ${(sql.pgliteTransactions.ms / sql.pgliteTransactions.count).toFixed(1)} ms each (includes waiting for PGlite's single connection)`
      : '',
    '',
    'CPU by area (% of busy samples):',
    ...topOf(areas, 12),
    '',
    'top self time:',
    ...topOf(self, top),
    '',
    'top inclusive (excluding the event loop roots):',
    ...topOf(
      new Map(
        [...inclusive].filter(
          ([name]) =>
            !/^\((root|program|garbage collector)\)|processTicksAndRejections|listOnTimeout/.test(name),
        ),
      ),
      top,
    ),
    '',
    'SQL statements (count per unit, mean round trip):',
    ...sql.byStatement
      .slice(0, top)
      .map(
        (s) =>
          `  ${(s.count / units).toFixed(2).padStart(6)} × ${(s.ms / s.count).toFixed(2).padStart(7)} ms  ${s.text.slice(0, 110)}`,
      ),
  ];
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(
    summarizeProfile(process.argv[2]!, Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 15)),
  );
}
