// The package as a team meets it: `npm pack` (which builds dist/ through prepack), the tarball
// installed into a fresh ESM project beside vitest and stripe, then in that project:
// - the README's "Use it inside your own tests" example, taken from the README itself, run with
//   the project's own vitest (Stripe simulator, a timeout after commit, no double capture judged
//   by gauntlet/checker, and a double charge the checker must catch);
// - the same file type-checked against the shipped .d.ts; no tsx, testcontainers or pact installed;
// - `import('gauntlet')` and each subpath with plain node (no TypeScript loader);
// - `npx gauntlet` from the installed bin (plain node on dist/: the drill catalogue it lists comes
//   from the JSON files copied beside the build).
// Long (a build, an install): bounded by timeouts; the temp dirs go on every path, signals too.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from 'signal-exit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const README_MARK = '<!-- gauntlet:package-example -->';

/** The README's example, exactly as printed there. */
export function readmeExample(readme: string): string {
  const at = readme.indexOf(README_MARK);
  if (at < 0) throw new Error(`README.md has no ${README_MARK} section`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block?.[1]) throw new Error(`README.md: no \`\`\`ts block after ${README_MARK}`);
  return block[1];
}

interface Ran {
  code: number;
  out: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Ran> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, out: `${stdout}\n${stderr}${err && typeof err.code !== 'number' ? `\n${err.message}` : ''}` });
    });
  });
}

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

describe('the packed package, installed in a fresh project', () => {
  const work = mkdtempSync(join(tmpdir(), 'gauntlet-pack-'));
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  const release = onExit(() => cleanup());
  const project = join(work, 'project');
  let tarball = '';

  beforeAll(async () => {
    const packed = await run('npm', ['pack', '--pack-destination', work, '--json'], ROOT, 240_000);
    expect(packed.code, packed.out).toBe(0);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'payments-team', private: true, type: 'module' }, null, 2)}\n`);
    // The versions this repo tests with, so the local npm cache serves them.
    const deps = [tarball, ...['vitest', 'stripe', 'typescript', '@types/node'].map((d) => `${d}@${installedVersion(d)}`)];
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', ...deps], project, 240_000);
    expect(installed.code, installed.out).toBe(0);
  }, 480_000);

  afterAll(() => {
    cleanup();
    release();
  });

  it('ships built JavaScript with declarations, and no sources, tests or examples', async () => {
    const listed = await run('tar', ['-tzf', tarball], work, 30_000);
    const files = listed.out.split('\n').filter((f) => f.startsWith('package/'));
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/harness/vitest/index.d.ts');
    expect(files).toContain('package/dist/core/db/migrations/001_init.sql');
    expect(files).toContain('package/dist/scenarios/drills/webhook-storm.json');
    expect(files).toContain('package/bin/gauntlet.js');
    // Plain-JavaScript entries started with process.execPath: explore's child processes, the supervisor's watchdog.
    expect(files).toContain('package/dist/harness/explore/child-entry.mjs');
    expect(files).toContain('package/dist/harness/supervisor/watchdog.mjs');
    expect(files.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /\.test\.|\/examples\//.test(f))).toEqual([]);
  });

  it("runs the README's example with the project's own vitest", async () => {
    writeFileSync(join(project, 'checkout.test.ts'), readmeExample(readFileSync(join(ROOT, 'README.md'), 'utf8')));
    const ran = await run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose'], project, 120_000);
    expect(ran.code, ran.out).toBe(0);
    expect(ran.out).toMatch(/Tests\s+2 passed/);
  }, 150_000);

  it("type-checks the README's example against the shipped declarations", async () => {
    writeFileSync(join(project, 'checkout.test.ts'), readmeExample(readFileSync(join(ROOT, 'README.md'), 'utf8')));
    const options = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, include: ['*.ts'] }));
    const checked = await run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', project], project, 120_000);
    expect(checked.code, checked.out).toBe(0);
  }, 150_000);

  it('installs no TypeScript loader and no container library: they are not runtime dependencies', () => {
    expect(existsSync(join(project, 'node_modules/tsx')), 'tsx installed').toBe(false);
    expect(existsSync(join(project, 'node_modules/testcontainers')), 'testcontainers installed').toBe(false);
    expect(existsSync(join(project, 'node_modules/@pact-foundation')), 'pact installed').toBe(false);
  });

  it('says which optional peer to install when a verb needs Pact, instead of a stack trace', async () => {
    for (const verb of [['contracts', 'verify', '--provider', 'stripe', '--base-url', 'http://127.0.0.1:9'], ['gate', '--drills', 'decline-mix']]) {
      const ran = await run('npx', ['--no-install', 'gauntlet', ...verb], project, 60_000);
      expect(ran.code, ran.out).toBe(2);
      expect(ran.out).toContain(`gauntlet ${verb[0]}: needs @pact-foundation/pact, an optional peer dependency of gauntlet that is not installed; install it with: npm install --save-dev @pact-foundation/pact@^17 @pact-foundation/pact-core@^20`);
      expect(ran.out).not.toMatch(/\n\s+at /); // no stack trace
    }
  }, 150_000);

  it('imports with plain node: the API, the simulators, the checker, the fixture', async () => {
    const script = `
      const api = await import('gauntlet');
      const sims = await import('gauntlet/simulators');
      const checker = await import('gauntlet/checker');
      const fixture = await import('gauntlet/vitest');
      console.log(JSON.stringify({
        api: [typeof api.createStripeSimulator, typeof api.createCore, typeof api.runDrill, typeof api.startGauntletWorld, api.loadDrills().length],
        sims: typeof sims.serveSimulator, checker: Object.keys(checker.CHECKERS).length, fixture: typeof fixture.gauntletWorld,
      }));`;
    const ran = await run(process.execPath, ['--input-type=module', '-e', script], project, 60_000);
    expect(ran.code, ran.out).toBe(0);
    const seen = JSON.parse(ran.out.trim().split('\n')[0]!) as { api: unknown[]; sims: string; checker: number; fixture: string };
    expect(seen.api.slice(0, 4)).toEqual(['function', 'function', 'function', 'function']);
    expect(seen.api[4]).toBeGreaterThan(10);
    expect(seen).toMatchObject({ sims: 'function', checker: 7, fixture: 'function' });
  }, 90_000);

  it('runs the gauntlet bin from the installed package with plain node', async () => {
    const help = await run('npx', ['--no-install', 'gauntlet', '--help'], project, 60_000);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toContain('Usage: gauntlet <verb>');
    const drills = await run('npx', ['--no-install', 'gauntlet', 'drill', '--list'], project, 60_000);
    expect(drills.code, drills.out).toBe(0);
    expect(drills.out).toContain('webhook-storm');
    // A verb doing real work from dist/: a drill in the simulation world, the reference core inside.
    const drill = await run('npx', ['--no-install', 'gauntlet', 'drill', 'decline-mix', '--world', 'sim', '--json'], project, 120_000);
    expect(drill.code, drill.out).toBe(0);
    expect(drill.out).toMatch(/"verdict":\s*"pass"/);
  }, 240_000);
});
