// A fresh PGlite, fast (tests, and every database openDatabase creates). Creating one runs initdb
// in WASM (seconds, more on a busy machine); loading an initialised data directory from a tarball skips it. The tarball of a
// pristine cluster (no schema of ours) is made once per PGlite version and kept in the OS temp dir.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { createPglite, pgliteDb, sharePglite, type OpenPgliteOptions } from './pglite.ts';
import type { Db } from './types.ts';

export async function createPgliteFromSnapshot(options: { dataDir?: string } = {}): Promise<PGlite> {
  const file = await snapshotFile();
  const cached = await readFile(file).catch(() => undefined);
  if (cached !== undefined) {
    try {
      return await createPglite({ ...options, loadDataDir: new Blob([cached]) });
    } catch {
      await rm(file, { force: true }); // unreadable: make it again
      // A directory the failed load half filled would now look like a database: start it afresh.
      if (options.dataDir !== undefined) await rm(options.dataDir, { recursive: true, force: true });
    }
  }
  // The tarball is made only from an in-memory cluster: a directory's dump is rooted at its name.
  if (options.dataDir !== undefined) return createPglite(options);
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

/**
 * PGlite as openPglite opens it, but a database that does not exist yet (in memory, or a directory
 * with no cluster in it) starts from the pristine cluster's tarball instead of running initdb:
 * ~0.9 s instead of ~7 s on a loaded 2-core machine, for every core process, contract run and SQL
 * slice of the gate. A directory that already holds a cluster is opened as it is (a restart).
 */
export async function openPgliteFromSnapshot(options: OpenPgliteOptions = {}): Promise<Db> {
  const existing = options.dataDir !== undefined && existsSync(join(options.dataDir, 'PG_VERSION'));
  const pg = existing ? await createPglite(options) : await createPgliteFromSnapshot(options);
  return pgliteDb(sharePglite(pg), { onClose: () => pg.close() });
}

async function snapshotFile(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const user = process.getuid?.() ?? 'user';
  return join(tmpdir(), `gauntlet-pglite-${pkg.version}-${user}.tar`);
}
