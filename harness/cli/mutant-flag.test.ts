import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { parseMutant } from './mutant-flag.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');

describe('--mutant', () => {
  it('passes a known mutant and no flag through, refuses anything else naming the mutants', () => {
    expect(parseMutant(undefined)).toBeUndefined();
    expect(parseMutant('capture-race')).toBe('capture-race');
    expect(() => parseMutant('capture-rase')).toThrow(UsageError);
    expect(() => parseMutant('capture-rase')).toThrow(/unknown mutant "capture-rase" \(one of .*capture-race/);
  });

  it.each(['explore', 'drill', 'gate', 'replay'])('%s --mutant with a typo exits 2 with the usage line, no stack trace', (verb) => {
    const r = spawnSync(process.execPath, [BIN, verb, '--mutant', 'nope'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gauntlet ${verb}: unknown mutant "nope"`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
