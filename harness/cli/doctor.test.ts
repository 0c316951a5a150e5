import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DoctorReport, collectDoctorReport, doctor } from './doctor.ts';

let empty: string;

beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'gauntlet-doctor-'));
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs doctor and returns its exit code and everything it printed to stdout. */
async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string }> {
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });
  const code = await doctor(argv, env);
  return { code, out: printed.join('\n') };
}

const toolShape = {
  found: expect.any(Boolean),
  required: true,
  pinned: expect.stringMatching(/^\d+\.\d+\.\d+$/),
  matchesPin: expect.any(Boolean),
};

describe('gauntlet doctor --json', () => {
  it('prints one JSON object with every item, and exits 0 only when the required tools are present', async () => {
    const { code, out } = await run(['--json'], {
      ...process.env,
      DATABASE_URL: 'postgres://gauntlet:topsecret@127.0.0.1:5432/gauntlet',
    });
    const report = JSON.parse(out) as Record<string, any>;
    expect(Object.keys(report).sort()).toEqual(
      ['databaseUrl', 'docker', 'missing', 'node', 'ok', 'postgres', 'tools', 'toolsDir'].sort(),
    );
    expect(report.node).toEqual({ version: process.version, required: '>=22.12.0', ok: true });
    expect(Object.keys(report.tools).sort()).toEqual(['toxiproxy-server', 'vegeta']);
    expect(report.tools['toxiproxy-server']).toMatchObject({ ...toolShape, pinned: '2.12.0' });
    expect(report.tools.vegeta).toMatchObject({ ...toolShape, pinned: '12.13.0' });
    expect(report.postgres).toMatchObject({ found: expect.any(Boolean), required: true });
    expect(Object.keys(report.postgres.binaries).sort()).toEqual(['initdb', 'pg_ctl', 'postgres']);
    expect(report.databaseUrl).toEqual({ set: true, value: 'postgres://***:***@127.0.0.1:5432/gauntlet' });
    expect(out).not.toContain('topsecret');
    expect(report.docker).toMatchObject({ available: expect.any(Boolean), required: false, detail: expect.any(String) });
    expect(Array.isArray(report.missing)).toBe(true);
    expect(report.ok).toBe(report.missing.length === 0);
    expect(code).toBe(report.ok ? 0 : 1);
  });

  it('names the install command of each missing tool, and exits 1', async () => {
    const { code, out } = await run(['--json'], { HOME: empty, GAUNTLET_TOOLS_DIR: empty, PATH: empty });
    const report = JSON.parse(out) as DoctorReport;
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.databaseUrl).toEqual({ set: false, value: null });
    expect(report.tools['toxiproxy-server']).toMatchObject({ found: false, path: null, version: null });
    const byName = Object.fromEntries(report.missing.map((m) => [m.name, m]));
    expect(byName['toxiproxy-server']).toEqual({
      name: 'toxiproxy-server',
      make: 'make setup',
      direct: `mkdir -p ${empty}/bin && GOBIN=${empty}/bin go install -ldflags '-X github.com/Shopify/toxiproxy/v2.Version=2.12.0' github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0 && mv -f ${empty}/bin/server ${empty}/bin/toxiproxy-server`,
    });
    expect(byName.vegeta).toEqual({
      name: 'vegeta',
      make: 'make setup',
      direct: `mkdir -p ${empty}/bin && GOBIN=${empty}/bin go install -ldflags '-X main.Version=v12.13.0' github.com/tsenart/vegeta/v12@v12.13.0`,
    });
  });

  it('names the apt-get line when the PostgreSQL server binaries are missing', async () => {
    const report = await collectDoctorReport({ PATH: empty }, { postgresRoots: [empty] });
    expect(report.ok).toBe(false);
    expect(report.postgres).toMatchObject({ found: false, binDir: null, version: null });
    const pg = report.missing.find((m) => m.name === 'postgres');
    expect(pg?.make).toBe('make setup');
    expect(pg?.direct).toMatch(/apt-get update && (sudo )?env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql$/);
  });
});

describe('gauntlet doctor', () => {
  it('prints a readable summary with install commands', async () => {
    const { code, out } = await run([], { HOME: empty, GAUNTLET_TOOLS_DIR: empty, PATH: empty });
    expect(code).toBe(1);
    expect(out).toMatch(/toxiproxy-server\s+MISSING/);
    expect(out).toMatch(/vegeta\s+MISSING/);
    expect(out).toContain('make setup');
    expect(out).toContain('go install -ldflags');
    expect(out).toMatch(/DATABASE_URL\s+not set/);
  });

  it('rejects unknown arguments', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await doctor(['--bogus'])).toBe(2);
  });
});
