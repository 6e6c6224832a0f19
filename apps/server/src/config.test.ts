import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, renderConfigDocs } from './config';

describe('loadConfig', () => {
  it('gives the embedded default with no environment at all', () => {
    const config = loadConfig({});
    expect(config.http).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000' });
    expect(config.dataDir).toBe('./data');
    expect(config.database.url).toBeUndefined();
    expect(config.natsUrl).toBeUndefined();
    expect(config.roles).toEqual(['api', 'worker', 'voice', 'smtp']);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      IRIS_DATA_DIR: '/var/lib/iris',
      IRIS_ROLES: 'api, worker',
      DATABASE_URL: 'postgres://iris@db:5432/iris',
      NATS_URL: 'nats://bus:4222',
      REDIS_URL: 'redis://cache:6379',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(config.http.port).toBe(8080);
    expect(config.dataDir).toBe('/var/lib/iris');
    expect(config.roles).toEqual(['api', 'worker']);
    expect(config.database.url).toBe('postgres://iris@db:5432/iris');
    expect(config.natsUrl).toBe('nats://bus:4222');
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.shutdownTimeoutMs).toBe(2500);
  });

  it('lists every problem in one error', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'nonsense', PORT: 'abc', IRIS_ROLES: 'api,teleport', NATS_URL: 'http://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PORT', 'IRIS_ROLES', 'NATS_URL']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });
});

describe('docs/configuration.md', () => {
  it('is the generated reference, up to date with the schema (npm run docs:config)', () => {
    const committed = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderConfigDocs());
  });
});
