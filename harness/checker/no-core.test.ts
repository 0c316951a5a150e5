// The checker judges the SUT by its own model (spec/), never by the SUT's: if it imported the
// core's state machine, a wrong edge there would be agreed with instead of caught.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const HERE = resolve(import.meta.dirname);
const CORE = resolve(HERE, '../../core');
const files = readdirSync(HERE).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the checker imports no core module', () => {
  it('has sources to check', () => {
    expect(files).toContain('legal-history.ts');
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(join(HERE, file), 'utf8');
    const targets = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => resolve(HERE, m[1]!));
    expect(targets.filter((t) => !relative(CORE, t).startsWith('..')).map((t) => relative(HERE, t))).toEqual([]);
  });
});
