// Finds PostgreSQL server binaries (for a live-world server) and reports DATABASE_URL, redacted.
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isExecutableFile, which } from './find-tool.ts';
import { parseVersion, runCommand } from './exec.ts';
import type { Env } from './versions.ts';

export const POSTGRES_BINARIES = ['initdb', 'postgres', 'pg_ctl'] as const;
export type PostgresBinary = (typeof POSTGRES_BINARIES)[number];

export interface PostgresStatus {
  /** True when `postgres` and `initdb` were found together in one bin directory. */
  readonly found: boolean;
  readonly binDir?: string;
  /** As `postgres --version` reports it, e.g. '15.18'. */
  readonly version?: string;
  /** Path of each server binary present in binDir. */
  readonly binaries: Partial<Record<PostgresBinary, string>>;
  readonly databaseUrl: DatabaseUrlStatus;
}

export interface DatabaseUrlStatus {
  readonly set: boolean;
  /** DATABASE_URL with user, password and password-like parameters masked. */
  readonly redacted?: string;
}

export interface DetectPostgresOptions {
  readonly env?: Env;
  /** Roots laid out as <root>/<major>/bin (Debian's). Default: /usr/lib/postgresql. */
  readonly roots?: readonly string[];
  /** Also look on PATH (default true). */
  readonly searchPath?: boolean;
  readonly timeoutMs?: number;
}

export async function detectPostgres(options: DetectPostgresOptions = {}): Promise<PostgresStatus> {
  const env = options.env ?? process.env;
  const databaseUrl = describeDatabaseUrl(env.DATABASE_URL);
  for (const binDir of await candidateBinDirs(options.roots ?? ['/usr/lib/postgresql'], env, options)) {
    const binaries: Partial<Record<PostgresBinary, string>> = {};
    for (const b of POSTGRES_BINARIES) {
      const p = join(binDir, b);
      if (await isExecutableFile(p)) binaries[b] = p;
    }
    if (binaries.postgres === undefined || binaries.initdb === undefined) continue;
    const out = await runCommand(binaries.postgres, ['--version'], {
      timeoutMs: options.timeoutMs ?? 5_000,
      env,
    });
    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    const version = parseVersion(out.stdout, /PostgreSQL\)\s*(\d+(?:\.\d+)*)/) ?? parseVersion(out.stdout);
    return { found: true, binDir, binaries, databaseUrl, ...(version ? { version } : {}) };
  }
  return { found: false, binaries: {}, databaseUrl };
}

/** Debian's per-major dirs, newest major first, then the dir of `postgres` on PATH. */
async function candidateBinDirs(
  roots: readonly string[],
  env: Env,
  options: DetectPostgresOptions,
): Promise<string[]> {
  const dirs: string[] = [];
  for (const root of roots) {
    let entries: string[];
    try {
      entries = await readdir(root);
    } catch {
      continue;
    }
    entries.sort((a, b) => majorOf(b) - majorOf(a) || b.localeCompare(a));
    for (const e of entries) dirs.push(join(root, e, 'bin'));
  }
  if (options.searchPath !== false) {
    const onPath = await which('postgres', env);
    if (onPath !== undefined) dirs.push(dirname(onPath));
  }
  return dirs;
}

function majorOf(dirName: string): number {
  const n = Number.parseFloat(dirName);
  return Number.isFinite(n) ? n : -1;
}

export function describeDatabaseUrl(value: string | undefined): DatabaseUrlStatus {
  if (value === undefined || value === '') return { set: false };
  return { set: true, redacted: redactDatabaseUrl(value) };
}

/** Masks credentials in a connection URL; an unparsable value is hidden whole. */
export function redactDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '<set, not a URL: hidden>';
  }
  if (url.username !== '') url.username = '***';
  if (url.password !== '') url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (/pass|secret|token|key/i.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}
