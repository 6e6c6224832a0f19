import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { type Iris, startIris } from './main';
import { createPostgresDatabase, databaseKinds } from './testing/test-database';
import { silentLogger } from './testing/test-logger';

describe.each(databaseKinds())('the iris process on %s', (kind) => {
  let iris: Iris;
  let url: string;
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'iris-api-'));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const created = await createPostgresDatabase();
      databaseUrl = created.url;
      dropDatabase = created.drop;
    }
    const config = loadConfig({
      PORT: '0',
      IRIS_DATA_DIR: dataDir,
      IRIS_ROLES: 'api,worker',
      DATABASE_URL: databaseUrl,
      // With PostgreSQL, run the whole scaled-out stack: NATS as the bus when it is available.
      NATS_URL: kind === 'postgres' ? process.env.NATS_URL : undefined,
    });
    iris = await startIris({ config, logger: silentLogger });
    url = iris.http!.url;
  });
  afterAll(async () => {
    await iris?.stop();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /health 200', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports the database, jobs and bus ready on GET /ready', async () => {
    const response = await fetch(`${url}/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('ready');
    for (const check of ['database', 'jobs', 'bus']) expect(body.checks[check]).toMatchObject({ ok: true });
    expect(iris.database.kind).toBe(kind);
  });

  it('serves an OpenAPI 3.1 document that a validator accepts', async () => {
    const spec = (await (await fetch(`${url}/v1/openapi.json`)).json()) as { openapi: string; paths: object };
    expect(spec.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
  });

  it('serves the API reference at /docs with its assets', async () => {
    const page = await fetch(`${url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/v1/openapi.json');
    const script = await fetch(`${url}/docs/assets/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('exposes Prometheus metrics with request counts and latency histograms', async () => {
    await fetch(`${url}/health`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/iris_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(text).toContain('iris_http_request_duration_seconds_bucket');
    expect(text).toContain('# TYPE iris_jobs_processed_total counter');
  });

  it('answers with problem+json and a request id for an unknown route', async () => {
    const response = await fetch(`${url}/v1/does-not-exist`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
