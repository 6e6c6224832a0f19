import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { users } from './modules/users/users.schema';
import { openDatabase } from './platform/db/database';

const BIN = fileURLToPath(new URL('../bin/iris.js', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iris-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the real `iris` binary with a clean environment (no DATABASE_URL leaking in from CI). */
function iris(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('iris CLI', () => {
  it('exits 2 naming the variable when DATABASE_URL=nonsense', async () => {
    const result = await iris(['start'], { DATABASE_URL: 'nonsense', IRIS_DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('Invalid configuration');
  });

  it('exits 2 on an unknown role given with --roles', async () => {
    const result = await iris(['start', '--roles', 'api,fax'], { IRIS_DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('IRIS_ROLES');
  });

  it('exits 2 with usage on an unknown command', async () => {
    const result = await iris(['launch']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "launch"');
    expect(result.stderr).toContain('Usage: iris');
  });

  it('migrates, and creates the first admin on the embedded database', async () => {
    const dataDir = tempDir();
    expect((await iris(['migrate'], { IRIS_DATA_DIR: dataDir })).code).toBe(0);
    const args = [
      'create-admin',
      '--email',
      'root@example.com',
      '--name',
      'Root',
      '--password',
      'a long enough password',
    ];
    const created = await iris(args, { IRIS_DATA_DIR: dataDir });
    expect(created.stdout).toContain('platform admin root@example.com created');
    expect(created.code).toBe(0);
    const again = await iris(args, { IRIS_DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const database = await openDatabase({ dataDir });
    try {
      expect(await database.db.select({ email: users.email }).from(users)).toEqual([
        { email: 'root@example.com' },
      ]);
    } finally {
      await database.close();
    }
  }, 30_000);

  it('refuses to open an embedded data folder that a live process holds', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'iris.pid'), String(process.pid));
    const result = await iris(['migrate'], { IRIS_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`in use by IRIS process ${process.pid}`);
  });
});
