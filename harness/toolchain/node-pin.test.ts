// The Node pin lives in versions.ts; the places that cannot import it (the setup script, the CLI's
// plain-JS guard, package.json engines, the CI example's matrix) must say the same, and the guard
// must refuse an old Node with one line and exit 2.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_PIN, nodeBinDir, nodeSatisfies } from './versions.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const run = promisify(execFile);

// bin/node-version.js is plain JS that bin/gauntlet.js loads before anything else; it is asked
// here the way it runs, by plain node in a child (and the layering rule keeps bin/ out of imports).
const guard = new URL('bin/node-version.js', root).href;
function ask<T>(node: string, expression: string): T {
  const script = `import(${JSON.stringify(guard)}).then((g) => console.log(JSON.stringify(${expression})))`;
  return JSON.parse(execFileSync(node, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as T;
}
const NODE_MINIMUM = ask<string>(process.execPath, 'g.NODE_MINIMUM');
const tooOldMessage = (version: string, execPath: string, node = process.execPath) =>
  ask<string | null>(node, `g.tooOldMessage(${JSON.stringify(version)}, ${JSON.stringify(execPath)})`);
const olderThan = (version: string, minimum: string) => ask<boolean>(process.execPath, `g.olderThan(${JSON.stringify(version)}, ${JSON.stringify(minimum)})`);

describe('the Node pin', () => {
  it('matches what scripts/setup-node.sh installs and the minimum it enforces', () => {
    const script = read('scripts/setup-node.sh');
    expect(script).toContain(`\nNODE_VERSION=${NODE_PIN.version}\n`);
    expect(script).toContain(`\nNPM_VERSION=${NODE_PIN.npm}\n`);
    expect(script).toContain(`\nNODE_MINIMUM=${NODE_PIN.minimum}\n`);
  });

  it('is package.json engines and the CLI guard minimum, and the pinned Node satisfies it', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${NODE_PIN.minimum}`);
    expect(NODE_MINIMUM).toBe(NODE_PIN.minimum);
    expect(nodeSatisfies(NODE_PIN.version)).toBe(true);
    expect(Number(NODE_PIN.version.split('.')[0]) % 2).toBe(0); // an LTS line: even majors only
  });

  it('puts the Node in the tool cache, outside the repo', () => {
    expect(nodeBinDir('24.21.0', { HOME: '/home/ana' })).toBe('/home/ana/.cache/gauntlet/tools/node-24.21.0/bin');
    expect(nodeBinDir('26.10.0', { GAUNTLET_TOOLS_DIR: '/opt/gt' })).toBe(join('/opt/gt', 'node-26.10.0', 'bin'));
  });
});

describe('version comparison (versions.ts and the plain-JS guard agree)', () => {
  const cases: [string, boolean][] = [
    ['v20.20.2', false],
    ['v22.11.9', false],
    ['v22.12.0', true],
    ['22.23.3', true],
    ['v24.21.0', true],
    ['v26.10.0', true],
    ['v100.0.0', true],
  ];
  // One child for every case: what the guard says of each version.
  const said = ask<Record<string, [boolean, string | null]>>(
    process.execPath,
    `Object.fromEntries(${JSON.stringify(cases.map(([v]) => v))}.map((v) => [v, [g.olderThan(v, g.NODE_MINIMUM), g.tooOldMessage(v, '/usr/bin/node')]]))`,
  );
  for (const [version, ok] of cases) {
    it(`${version} ${ok ? 'will do' : 'is too old'}`, () => {
      expect(nodeSatisfies(version)).toBe(ok);
      expect(said[version]![0]).toBe(!ok);
      expect(said[version]![1] === null).toBe(ok);
    });
  }

  it('says which Node it needs, which one it found and how to get one, on one line', () => {
    const line = tooOldMessage('v20.20.2', '/usr/bin/node') as string;
    expect(line).toContain('needs Node >= 22.12.0');
    expect(line).toContain('v20.20.2 (/usr/bin/node)');
    expect(line).toContain('make setup');
    expect(line).not.toContain('\n');
  });
});

describe('bin/gauntlet.js on an old Node', () => {
  // A real old Node: the machine's, when it is one (Node 20 on these machines). Elsewhere there is
  // nothing old to run it with, and the message itself is covered above.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    try {
      return olderThan(readVersion(path), NODE_MINIMUM);
    } catch {
      return false;
    }
  });
  if (old === undefined) console.log('bin/gauntlet.js on an old Node: skipped, no Node older than 22.12 at /usr/bin or /usr/local/bin');

  it.skipIf(old === undefined)('prints one line and exits 2, without a stack trace', async () => {
    const err = await run(old!, [new URL('bin/gauntlet.js', root).pathname, 'doctor', '--json'], { encoding: 'utf8' }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stdout).toBe('');
    // The line the guard computes on that very Node: the file runs there, as it must.
    expect(err?.stderr.trimEnd().split('\n')).toEqual([tooOldMessage(readVersion(old!), old!, old!)]);
  });
});

function readVersion(node: string): string {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
}

describe('scripts/setup-node.sh --bin-dir (what the Makefile puts first on PATH; downloads nothing)', () => {
  const tools = mkdtempSync(join(tmpdir(), 'gauntlet-node-bin-dir-'));
  afterAll(() => rmSync(tools, { recursive: true, force: true }));
  const script = new URL('scripts/setup-node.sh', root).pathname;
  const binDir = (env: Record<string, string>) => execFileSync('bash', [script, '--bin-dir'], { env: { HOME: tmpdir(), GAUNTLET_TOOLS_DIR: tools, ...env }, encoding: 'utf8' }).trim();
  // Real Nodes only: this test's own (new enough by definition), and the machine's when it is old.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    try {
      return !nodeSatisfies(readVersion(path));
    } catch {
      return false;
    }
  });
  if (oldNode === undefined) console.log('setup-node.sh --bin-dir with an old Node: skipped, no Node older than 22.12 at /usr/bin or /usr/local/bin');

  it('prints nothing when the Node on PATH will do', () => {
    expect(binDir({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin` })).toBe('');
  });

  it.skipIf(oldNode === undefined)('prints the pinned Node in the tool cache when the Node on PATH is too old', () => {
    expect(binDir({ PATH: `${dirname(oldNode!)}:/usr/bin:/bin` })).toBe(join(tools, `node-${NODE_PIN.version}`, 'bin'));
  });

  it('prints the asked-for Node whatever the machine has, with GAUNTLET_NODE_VERSION', () => {
    expect(binDir({ PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, GAUNTLET_NODE_VERSION: '26.10.0' })).toBe(join(tools, 'node-26.10.0', 'bin'));
  });

  it.skipIf(oldNode === undefined)('does not take a Node of its own on PATH for the machine\'s (make puts it there before calling the script)', () => {
    // A real, new Node in the cache's place (a link to this test's own), first on PATH, and the old
    // one after it: the machine's is still the old one, so the answer is still the pinned Node.
    const ours = join(tools, `node-${NODE_PIN.version}`, 'bin');
    mkdirSync(ours, { recursive: true });
    symlinkSync(process.execPath, join(ours, 'node'));
    expect(binDir({ PATH: `${ours}:${dirname(oldNode!)}:/usr/bin:/bin` })).toBe(ours);
  });
});

