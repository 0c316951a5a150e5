// The layers can be drawn only if nothing imports in a circle: madge reads every TypeScript file
// of the product (type-only imports included, as the compiler sees them) and this test fails on
// any cycle, naming it. (Issue #11: spec → simulators, core → contracts → harness → reports → cli.)
// And every top-level folder is met only through its public face, its index.ts (tests may also use
// a folder's test support under X/testing/).
import { join } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = ['spec', 'simulators', 'core', 'contracts', 'harness', 'reports', 'scenarios', 'examples'];

describe('imports', () => {
  it('form no cycle anywhere in the product', async () => {
    const graph = await productGraph();
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(400);
    expect(graph.circular().map((cycle) => cycle.join(' > '))).toEqual([]);
  }, 120_000);

  it('reach another top-level folder only through its index.ts', async () => {
    const reaching = Object.entries((await productGraph()).obj()).flatMap(([from, to]) =>
      to.filter((t) => top(t) !== top(from) && t !== `${top(t)}/index.ts` && !(isTest(from) && t.startsWith(`${top(t)}/testing/`))).map((t) => `${from} → ${t}`),
    );
    expect(reaching).toEqual([]);
  }, 120_000);

  it('go down the layers only: spec → simulators, core → contracts, scenarios → harness → reports → verbs', async () => {
    // Tests and test support may reach up (a contract test starts a live simulator through the
    // harness); product code may not, so each layer can be read and changed knowing only those below.
    const upward = Object.entries((await productGraph()).obj()).flatMap(([from, to]) =>
      isTest(from) ? [] : to.filter((t) => layer(t) > layer(from) || (layer(t) === layer(from) && top(t) !== top(from))).map((t) => `${from} → ${t}`),
    );
    expect(upward).toEqual([]);
  }, 120_000);
});

let graph: ReturnType<typeof madge> | undefined;
function productGraph(): ReturnType<typeof madge> {
  graph ??= madge(
    FOLDERS.map((f) => join(ROOT, f)),
    { baseDir: ROOT, fileExtensions: ['ts'], tsConfig: join(ROOT, 'tsconfig.json'), excludeRegExp: [/node_modules/, /reports\/out\//] },
  );
  return graph;
}

function top(file: string): string {
  return file.split('/')[0]!;
}

function isTest(file: string): boolean {
  return /\.test\.ts$|test-support\.ts$|(^|\/)testing\//.test(file);
}

/** The verbs (CLI, gate, certify) live in harness/ but sit above reports: they write them. */
const VERBS = ['harness/cli/', 'harness/gate/', 'harness/certify/'];
const LAYERS: Record<string, number> = { spec: 0, simulators: 1, core: 1, contracts: 2, scenarios: 2, harness: 3, reports: 4, examples: 6 };
function layer(file: string): number {
  return VERBS.some((v) => file.startsWith(v)) ? 5 : LAYERS[top(file)]!;
}
