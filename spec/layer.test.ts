// spec/ is the bottom layer: it may import Node's built-ins and its own files, nothing else, so
// no part of Gauntlet can sneak its own view of payments into the shared vocabulary.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SPEC = resolve(import.meta.dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('spec/ imports nothing of Gauntlet', () => {
  const files = sources(SPEC);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(SPEC, f), f]))('%s imports only node: built-ins and spec/ files', (_name, file) => {
    for (const spec of importsOf(file)) {
      if (spec.startsWith('node:')) continue;
      expect(spec.startsWith('.'), `${spec}: a package`).toBe(true);
      expect(relative(SPEC, resolve(file, '..', spec)).startsWith('..'), `${spec}: outside spec/`).toBe(false);
    }
  });
});
