// Every verb in the verb table answers --help (exit 0, usage on stdout, every flag it declares),
// and mistakes get a clear message and exit 2. A few go through bin/gauntlet.js as a child, so the
// real entry is covered too.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParentSpec, VerbSpec } from './command.ts';
import { main } from './main.ts';
import { VERBS } from './verbs.ts';

const BIN = fileURLToPath(new URL('../../bin/gauntlet.js', import.meta.url));

/** main() with stdout and stderr captured. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  vi.spyOn(console, 'log').mockImplementation((...a) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a) => void (err += `${a.join(' ')}\n`));
  try {
    return { code: await main(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

async function child(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await promisify(execFile)(process.execPath, [BIN, ...argv], { timeout: 60_000 }).then(
    (ok) => ({ code: 0, out: ok.stdout, err: ok.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
  return r;
}

function leaves(spec: VerbSpec | ParentSpec): VerbSpec[] {
  return 'commands' in spec ? [...spec.commands] : [spec];
}

afterEach(() => vi.restoreAllMocks());

describe('gauntlet VERB --help, for every verb in the table', () => {
  for (const verb of Object.keys(VERBS)) {
    it(`${verb} --help and -h`, async () => {
      const { spec } = await VERBS[verb]!.load();
      for (const flag of ['--help', '-h']) {
        const r = await cli([verb, flag]);
        expect(r.code, r.err).toBe(0);
        expect(r.out).toContain(`Usage: gauntlet ${verb}`);
        expect(r.out).toMatch(/Examples?:\n {2}\$ /);
        expect(r.err).toBe('');
      }
      for (const leaf of leaves(spec)) {
        const r = await cli([...leaf.name.split(' '), '--help']);
        expect(r.code, r.err).toBe(0);
        expect(r.out).toContain(`Usage: gauntlet ${leaf.name}`);
        // commander wraps long lines to the terminal's width: compare with whitespace collapsed.
        const flat = r.out.replace(/\s+/g, ' ');
        for (const [name, flag] of Object.entries(leaf.options)) {
          expect(flat, `${leaf.name} --help lists --${name}`).toContain(`--${name}${flag.value ? ` <${flag.value}>` : ''}`);
          if (flag.default !== undefined) expect(flat).toContain(`(default: "${flag.default}")`);
        }
      }
    });
  }
});

describe('the verb list', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('gauntlet %j exits 0 with every verb', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(0);
    for (const verb of Object.keys(VERBS)) expect(r.out).toMatch(new RegExp(`^ {2}${verb} `, 'm'));
  });

  it('gauntlet help drill is gauntlet drill --help', async () => {
    const r = await cli(['help', 'drill']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: gauntlet drill');
  });
});

describe('mistakes: exit 2, a clear message, a suggestion', () => {
  it.each([
    [['gat'], /unknown verb 'gat' \(Did you mean gate\?\)/],
    [['explore', '--sed', '3'], /gauntlet explore: unknown option '--sed' \(Did you mean --seed\?\)/],
    [['explore', '--seed', '-1'], /--seed must be an integer from 0 to 2147483647/],
    [['gate', '--seed', '-1'], /--seed must be an integer from 0 to 2147483647/],
    [['drill', 'webhok-storm'], /no drill "webhok-storm": did you mean webhook-storm\?/],
    [['contracts', 'verif'], /unknown command 'verif' \(Did you mean verify\?\)/],
    [['contracts'], /which one\? verify or test/],
    [['selftest', 'extra'], /too many arguments/],
    [['explore', '--runs'], /option '--runs <N>' argument missing/],
  ])('gauntlet %j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('contracts --help says what contracts is, once', async () => {
    const r = await cli(['contracts', '--help']);
    expect(r.out).not.toContain('gauntlet contracts: gauntlet contracts');
    expect(r.out).toMatch(/verify +verify the committed pacts/);
  });
});

describe('through bin/gauntlet.js', () => {
  it('gate --help exits 0 with the usage on stdout', async () => {
    const r = await child(['gate', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: gauntlet gate [options]');
    expect(r.out).toContain('--budget <DURATION>');
  }, 60_000);

  it('a typo in a drill name: exit 2 and the suggestion', async () => {
    const r = await child(['drill', 'webhok-storm']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean webhook-storm?');
  }, 60_000);

  it('bare gauntlet lists the verbs and exits 0', async () => {
    const r = await child([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}gate /m);
  }, 60_000);
});
