// The layers can be drawn only if nothing imports in a circle: madge reads every TypeScript file
// of the product (type-only imports included, as the compiler sees them) and this test fails on
// any cycle, naming it. (Issue #11: spec → simulators, core → contracts → harness → reports → cli.)
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
});
