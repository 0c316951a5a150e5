// Test support: a fresh in-memory PGlite, fast. Creating one runs initdb in WASM (seconds, more on
// a busy machine); loading an initialised data directory from a tarball skips it. The tarball of a
// pristine cluster (no schema of ours) is made once per PGlite version and kept in the OS temp dir.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { createPglite } from './pglite.ts';

export async function createPgliteFromSnapshot(): Promise<PGlite> {
  const file = await snapshotFile();
  const cached = await readFile(file).catch(() => undefined);
  if (cached !== undefined) {
    try {
      return await createPglite({ loadDataDir: new Blob([cached]) });
    } catch {
      await rm(file, { force: true }); // unreadable: make it again
    }
  }
  const pg = await createPglite();
  try {
    const tarball = await pg.dumpDataDir('none');
    // Written aside and renamed, so a concurrent reader sees the whole file or none.
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, new Uint8Array(await tarball.arrayBuffer()));
    await rename(tmp, file);
  } catch {
    // the snapshot is only an optimisation
  }
  return pg;
}

async function snapshotFile(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const user = process.getuid?.() ?? 'user';
  return join(tmpdir(), `gauntlet-pglite-${pkg.version}-${user}.tar`);
}
