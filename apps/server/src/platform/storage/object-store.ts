import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';

/** Media, recordings and attachments. Local disk on the embedded default; S3 when configured. */
export type ObjectStore = {
  put(key: string, body: Uint8Array, options?: { contentType?: string }): Promise<void>;
  get(key: string): Promise<Readable | null>;
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
};

export function createDiskObjectStore(options: { root: string }): ObjectStore {
  const root = resolve(options.root);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    // Keys come from our code, but a key must never escape the store's folder.
    if (!path.startsWith(root + sep)) throw new RangeError(`object key escapes the store: ${key}`);
    return path;
  };

  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write then rename, so a reader never sees half an object.
      const temporary = `${path}.${process.pid}.partial`;
      await writeFile(temporary, body);
      await rename(temporary, path);
    },
    async get(key) {
      const path = pathOf(key);
      return (await exists(path)) ? createReadStream(path) : null;
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch {
        return null;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export const objectsFolder = (dataDir: string) => join(dataDir, 'objects');
