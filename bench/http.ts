// HTTP overhead: GET /health on IRIS (Hono, request id, logging, metrics) against a bare node:http
// hello on the same machine, in the same run. Usage: npm run bench:http -w bench [-- seconds connections]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startProcess, stop, waitUntilUp } from './lib/processes';
import { printTable, writeResult } from './lib/report';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const BARE = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end('{"status":"ok"}'); }).listen(Number(process.env.PORT), '127.0.0.1')`;

async function load(url: string) {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const barePort = await freePort();
const irisPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'iris-bench-'));
const bare = startProcess(process.execPath, ['-e', BARE], { PORT: String(barePort) });
const iris = startProcess(
  process.execPath,
  [new URL('../apps/server/bin/iris.js', import.meta.url).pathname, 'start', '--roles', 'api'],
  {
    PORT: String(irisPort),
    IRIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  },
);
try {
  await Promise.all([
    waitUntilUp(`http://127.0.0.1:${barePort}/`),
    waitUntilUp(`http://127.0.0.1:${irisPort}/health`),
  ]);
  const baseline = await load(`http://127.0.0.1:${barePort}/`);
  const measured = await load(`http://127.0.0.1:${irisPort}/health`);
  const ratio = Number((measured.requestsPerSecond / baseline.requestsPerSecond).toFixed(2));
  printTable(`http: ${seconds}s at ${connections} connections`, [
    { server: 'bare node:http', ...baseline },
    { server: 'IRIS GET /health', ...measured },
    { server: 'ratio IRIS / bare', requestsPerSecond: ratio },
  ]);
  writeResult('http', { seconds, connections, baseline, iris: measured, ratio });
} finally {
  await Promise.all([stop(bare), stop(iris)]);
  rmSync(dataDir, { recursive: true, force: true });
}
