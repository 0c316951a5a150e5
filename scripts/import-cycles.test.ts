// The layers can be drawn only if nothing imports in a circle: madge reads every TypeScript file
// of the product (type-only imports included, as the compiler sees them) and this test fails on
// any cycle, naming it. (Issue #11: spec → simulators, core → contracts → harness → reports → cli.)
// And the reference core is met only through its public face, core/index.ts (tests may also use
// its test support under core/testing/).
import { join } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = ['spec', 'simulators', 'core', 'contracts', 'harness', 'reports', 'scenarios', 'examples'];

describe('imports', () => {
  it('form no cycle anywhere in the product', async () => {
    const graph = await madge(
      FOLDERS.map((f) => join(ROOT, f)),
      { baseDir: ROOT, fileExtensions: ['ts'], tsConfig: join(ROOT, 'tsconfig.json'), excludeRegExp: [/node_modules/, /reports\/out\//] },
    );
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(400);
    expect(graph.circular().map((cycle) => cycle.join(' > '))).toEqual([]);
  }, 120_000);

  it('reach the core from outside only through core/index.ts', async () => {
    const graph = await madge(
      FOLDERS.filter((f) => f !== 'core').map((f) => join(ROOT, f)),
      { baseDir: ROOT, fileExtensions: ['ts'], tsConfig: join(ROOT, 'tsconfig.json'), excludeRegExp: [/node_modules/, /reports\/out\//] },
    );
    const reaching = Object.entries(graph.obj()).flatMap(([from, to]) =>
      from.startsWith('core/') ? [] : to.filter((t) => t.startsWith('core/') && t !== 'core/index.ts' && !(from.endsWith('.test.ts') && t.startsWith('core/testing/'))).map((t) => `${from} → ${t}`),
    );
    expect(reaching).toEqual([]);
  }, 120_000);
});

