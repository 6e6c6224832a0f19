import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import swaggerUi from 'swagger-ui-dist';

const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

/** The browsable API reference at /docs, served from the installed package (no CDN: IRIS runs offline). */
export function createApiDocs(options: { specUrl: string }) {
  const folder = swaggerUi.getAbsoluteFSPath();
  const files = Object.fromEntries(
    Object.keys(ASSETS).map((name) => [name, readFileSync(join(folder, name))]),
  ) as Record<keyof typeof ASSETS, Buffer>;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>IRIS API reference</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="api"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(options.specUrl)}, dom_id: '#api', deepLinking: true });</script>
</body></html>`;

  const docs = new Hono();
  docs.get('/', (c) => c.html(page));
  docs.get('/assets/:file', (c) => {
    const name = c.req.param('file') as keyof typeof ASSETS;
    if (!(name in ASSETS)) return c.notFound();
    return c.body(new Uint8Array(files[name]), 200, {
      'content-type': ASSETS[name],
      'cache-control': 'public, max-age=86400',
    });
  });
  return docs;
}
