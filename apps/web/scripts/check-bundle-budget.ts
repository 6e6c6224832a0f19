// `npm run check:budget -w apps/web` after a build: fails when the login route's initial JS is too big.
import { fileURLToPath } from 'node:url';
import { LOGIN_ROUTE_BUDGET_BYTES, measureLoginRoute } from './bundle-budget';

const { files, gzipBytes } = measureLoginRoute(fileURLToPath(new URL('../dist', import.meta.url)));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `login route initial JS: ${kb(gzipBytes)} gzip (budget ${kb(LOGIN_ROUTE_BUDGET_BYTES)}): ${files.join(', ')}`,
);
if (gzipBytes >= LOGIN_ROUTE_BUDGET_BYTES) process.exit(1);
