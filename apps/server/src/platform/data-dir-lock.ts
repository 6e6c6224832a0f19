import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database (PGlite) serves one process at a time; two processes on one data folder
 * would corrupt it. A pid file says who holds the folder.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  const holder = dataDirHolder(dataDir);
  if (holder !== undefined) {
    throw new Error(
      `${dataDir} is in use by IRIS process ${holder}; stop it first, or give this one its own IRIS_DATA_DIR`,
    );
  }
  const path = join(dataDir, 'iris.pid');
  writeFileSync(path, String(process.pid));
  return {
    release: () => {
      if (dataDirHolder(dataDir) === process.pid) rmSync(path, { force: true });
    },
  };
}

/** The pid of a live process holding the folder, if any (a stale file from a crash does not count). */
export function dataDirHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'iris.pid'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
