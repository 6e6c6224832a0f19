import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../apps/server/src/config';
import { type Iris, startIris } from '../../../apps/server/src/main';
import { createLogger } from '../../../apps/server/src/platform/logging/logger';
import { renderSchemaTypes } from '../scripts/render-schema-types';
import { createIrisClient } from './index';

describe('generated types', () => {
  it('match the server OpenAPI document (npm run generate -w packages/sdk)', async () => {
    const committed = readFileSync(new URL('./schema.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await renderSchemaTypes());
  });
});

describe('createIrisClient against a running IRIS', () => {
  let iris: Iris;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'iris-sdk-'));
    iris = await startIris({
      config: loadConfig({ PORT: '0', IRIS_DATA_DIR: dataDir, IRIS_ROLES: 'api' }),
      logger: createLogger({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await iris?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('calls a typed endpoint', async () => {
    const client = createIrisClient({ baseUrl: `${iris.http!.url}/` });
    const { data, response } = await client.GET('/health');
    expect(response.status).toBe(200);
    expect(data?.status).toBe('ok');
  });

  it('reads typed readiness checks', async () => {
    const client = createIrisClient({ baseUrl: iris.http!.url });
    const { data, error, response } = await client.GET('/ready');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.status).toBe('ready');
    expect(Object.keys(data?.checks ?? {}).sort()).toEqual(['bus', 'database', 'jobs']);
  });
});
