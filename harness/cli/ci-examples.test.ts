// The CI examples are read by the engines that run them, not by us: this parses them as those
// engines would (YAML), and checks that every gauntlet command they run is a real verb with flags
// the verb accepts (parsed by the verb's own option table, strictly), and that the shards they
// start are exactly 0 … n-1 of n, so the merge at the end can succeed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { NODE_PIN } from '../toolchain/index.ts';
import { parseVerb, type VerbSpec } from './command.ts';
import { EXPLORE_SPEC } from './explore.ts';
import { verbNames } from './main.ts';
import { MERGE_SPEC } from './merge.ts';

// The verbs' own specs: what the CLI parses with is what the examples are checked against.
const OPTIONS: Record<string, { spec: VerbSpec; positionals: boolean }> = {
  explore: { spec: EXPLORE_SPEC, positionals: false },
  merge: { spec: MERGE_SPEC, positionals: true },
};
const VERBS = new Set(verbNames());

interface Invocation {
  verb: string;
  args: string[];
}

/** The gauntlet commands in a shell script: `gauntlet`, `npx gauntlet` or `node bin/gauntlet.js`, up to `||`, `&&`, `;` or a pipe. */
function invocations(script: string): Invocation[] {
  const found: Invocation[] = [];
  for (const m of script.matchAll(/(?:^|[\s;&|])(?:node bin\/gauntlet\.js|npx gauntlet|gauntlet)\s+([^\n;|&]+)/g)) {
    const words = [...m[1]!.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2] ?? w[3]!);
    found.push({ verb: words[0]!, args: words.slice(1) });
  }
  return found;
}

function checkInvocation(i: Invocation): Record<string, unknown> {
  expect(VERBS, `gauntlet ${i.verb} is not a verb`).toContain(i.verb);
  const table = OPTIONS[i.verb];
  if (!table) throw new Error(`no option table for gauntlet ${i.verb}: add it to this test before a CI example uses it`);
  // The CLI's own parser: an unknown flag or a flag without its value throws, as the CLI would.
  const { values, positionals } = parseVerb(table.spec, i.args);
  if (table.positionals) expect(positionals.length).toBeGreaterThan(0);
  return values;
}

describe('examples/ci/github-actions-soak.yml', () => {
  const wf = parse(readFileSync(new URL('../../examples/ci/github-actions-soak.yml', import.meta.url), 'utf8')) as {
    env: Record<string, string>;
    jobs: Record<string, { needs?: string; if?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
  };
  const runs = (job: string) => wf.jobs[job]!.steps.flatMap((s) => (s.run ? invocations(s.run) : []));

  it('explores one shard per matrix entry, the matrix being exactly shards 0 … SHARDS-1', () => {
    const explore = runs('explore');
    expect(explore.map((i) => i.verb)).toEqual(['explore']);
    const values = checkInvocation(explore[0]!);
    expect(values.shard).toBe('${{ matrix.shard }}/$SHARDS');
    expect(values.seed).toBeDefined();
    const n = Number(wf.env.SHARDS);
    expect(wf.jobs.explore!.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i));
    // What the shard writes is what it uploads.
    const upload = wf.jobs.explore!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.path).toBe(`${String(values.out)}/explore.json`);
  });

  it('merges after every shard, even a failed one, with a real merge command', () => {
    const merge = wf.jobs.merge!;
    expect(merge.needs).toBe('explore');
    expect(merge.if).toBe('always()');
    const calls = runs('merge');
    expect(calls.map((i) => i.verb)).toEqual(['merge']);
    checkInvocation(calls[0]!);
    expect(calls[0]!.args[0]).toBe('shards/explore-shard-*/explore.json');
  });
});

describe('examples/ci/github-actions-gate.yml', () => {
  type Step = { run?: string; uses?: string; with?: Record<string, string> };
  const wf = parse(readFileSync(new URL('../../examples/ci/github-actions-gate.yml', import.meta.url), 'utf8')) as {
    jobs: Record<string, { name: string; strategy: { 'fail-fast': boolean; matrix: { node: number[] } }; steps: Step[] }>;
  };
  const job = wf.jobs['payments-gate']!;

  it('runs the gate on Node 22, 24 and 26, each line on its own Node, none cancelling the others', () => {
    expect(job.strategy.matrix.node).toEqual([22, 24, 26]);
    expect(job.strategy['fail-fast']).toBe(false);
    // Every line in the matrix is one package.json engines accepts, and the pinned LTS is among them.
    const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimumMajor = Number(/^>=(\d+)\./.exec(engines)![1]);
    for (const major of job.strategy.matrix.node) expect(major).toBeGreaterThanOrEqual(minimumMajor);
    expect(job.strategy.matrix.node).toContain(Number(NODE_PIN.version.split('.')[0]));
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with?.['node-version']).toBe('${{ matrix.node }}');
    expect(job.name).toContain('${{ matrix.node }}');
  });

  it('runs the gate and keeps one report per Node line', () => {
    expect(job.steps.map((s) => s.run).filter(Boolean)).toEqual(['make gate']);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.name).toContain('${{ matrix.node }}');
    expect(upload?.with?.path).toBe('reports/out/');
  });
});

describe('examples/ci/k8s-soak-job.yaml', () => {
  const docs = parseAllDocuments(readFileSync(new URL('../../examples/ci/k8s-soak-job.yaml', import.meta.url), 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as { kind: string; metadata: { name: string; labels: Record<string, string> }; spec: Record<string, unknown> & { template?: { spec: { containers: { command: string[]; env?: { name: string; value: string }[] }[] } } } };
  });
  const job = (name: string) => docs.find((d) => d.kind === 'Job' && d.metadata.name === name)!;
  const script = (name: string) => job(name).spec.template!.spec.containers[0]!.command.join(' ');

  it('is an Indexed Job whose completions are the shards, each pod taking its shard from JOB_COMPLETION_INDEX', () => {
    const shards = job('gauntlet-soak');
    expect(shards.spec.completionMode).toBe('Indexed');
    const env = Object.fromEntries(shards.spec.template!.spec.containers[0]!.env!.map((e) => [e.name, e.value]));
    expect(shards.spec.completions).toBe(Number(env.SHARDS));
    const calls = invocations(script('gauntlet-soak'));
    expect(calls.map((i) => i.verb)).toEqual(['explore']);
    const values = checkInvocation(calls[0]!);
    expect(values.shard).toBe('$JOB_COMPLETION_INDEX/$SHARDS');
    expect(values.seed).toBe('$SEED');
    expect(env.SEED).toMatch(/^\d+$/);
  });

  it('merges the shards with a real merge command; objects are labelled for the apply -l sequence', () => {
    const calls = invocations(script('gauntlet-soak-merge'));
    expect(calls.map((i) => i.verb)).toEqual(['merge']);
    checkInvocation(calls[0]!);
    for (const d of docs) expect(['shards', 'merge']).toContain(d.metadata.labels.part);
  });
});

describe('invocations (the reader this test relies on)', () => {
  it('finds the commands and refuses what the CLI would refuse', () => {
    const [i] = invocations('x=1\nnode bin/gauntlet.js explore --seed "$s" --shard "1/2" --out d || [ $? -eq 1 ]');
    expect(i).toEqual({ verb: 'explore', args: ['--seed', '$s', '--shard', '1/2', '--out', 'd'] });
    expect(() => checkInvocation({ verb: 'explore', args: ['--shards', '1/2'] })).toThrow(/unknown option '--shards' \(Did you mean --shard\?\)/);
    expect(() => checkInvocation({ verb: 'merge', args: ['a.json', '--output', 'x'] })).toThrow(/unknown option '--output' \(Did you mean --out\?\)/);
    expect(() => checkInvocation({ verb: 'explor', args: [] })).toThrow(/not a verb/);
  });
});
