import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatabaseUrl, detectPostgres, redactDatabaseUrl } from './postgres.ts';

let root: string;

async function fakePgBin(dir: string, names: string[], version: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of names) {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\necho '${name} (PostgreSQL) ${version} (Debian ${version}-1)'\n`);
    await chmod(path, 0o755);
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gauntlet-pg-'));
  await fakePgBin(join(root, 'lib', '14', 'bin'), ['initdb', 'postgres', 'pg_ctl'], '14.11');
  await fakePgBin(join(root, 'lib', '16', 'bin'), ['initdb', 'postgres'], '16.4');
  await fakePgBin(join(root, 'lib', '17', 'bin'), ['postgres'], '17.0'); // client-only leftovers: no initdb
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('detectPostgres', () => {
  it('picks the newest major that has both postgres and initdb', async () => {
    const status = await detectPostgres({ roots: [join(root, 'lib')], searchPath: false, env: {} });
    expect(status).toEqual({
      found: true,
      binDir: join(root, 'lib', '16', 'bin'),
      version: '16.4',
      binaries: { initdb: join(root, 'lib', '16', 'bin', 'initdb'), postgres: join(root, 'lib', '16', 'bin', 'postgres') },
      databaseUrl: { set: false },
    });
  });

  it('reports not found, and DATABASE_URL redacted', async () => {
    const status = await detectPostgres({
      roots: [join(root, 'nothing-here')],
      searchPath: false,
      env: { DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/payments' },
    });
    expect(status.found).toBe(false);
    expect(status.binaries).toEqual({});
    expect(status.databaseUrl).toEqual({ set: true, redacted: 'postgres://***:***@db.internal:5432/payments' });
  });

  it('finds a server on PATH', async () => {
    const status = await detectPostgres({ roots: [], env: { PATH: join(root, 'lib', '14', 'bin') } });
    expect(status).toMatchObject({ found: true, version: '14.11', binDir: join(root, 'lib', '14', 'bin') });
    expect(Object.keys(status.binaries).sort()).toEqual(['initdb', 'pg_ctl', 'postgres']);
  });
});

describe('redactDatabaseUrl', () => {
  it('masks user, password and password-like parameters', () => {
    expect(redactDatabaseUrl('postgresql://u:p@h/db?sslmode=require&password=x&sslpassword=y')).toBe(
      'postgresql://***:***@h/db?sslmode=require&password=***&sslpassword=***',
    );
  });
  it('leaves a URL without credentials alone', () => {
    expect(redactDatabaseUrl('postgres://localhost:5432/gauntlet')).toBe('postgres://localhost:5432/gauntlet');
  });
  it('hides a value that is not a URL (it could be a key=value DSN with a password)', () => {
    expect(redactDatabaseUrl('host=h password=secret')).not.toContain('secret');
  });
  it('treats an empty DATABASE_URL as unset', () => {
    expect(describeDatabaseUrl('')).toEqual({ set: false });
  });
});
