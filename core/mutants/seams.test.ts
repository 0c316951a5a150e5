// Mutants are seams, not switches: the production core never names a mutant, and every mutant in
// the catalogue is built from a seam (an adapter wrapper, a policy, the settlement source).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policies.ts';
import type { CoreOptions } from '../core.ts';
import { ADAPTER_MUTANTS } from './adapters.ts';
import { MUTANT_NAMES } from './catalogue.ts';
import { mutantPolicies } from './policies.ts';
import { withMutant } from './with-mutant.ts';

const CORE = join(import.meta.dirname, '..');

/** The core's production files: every .ts under core/ but its tests and core/mutants/ itself. */
function productionFiles(dir = CORE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(CORE, 'mutants') || e.name === 'node_modules' ? [] : productionFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Lines naming a mutant; core/index.ts may re-export core/mutants as one line, and nothing else. */
function mentions(path: string): string[] {
  const rel = relative(CORE, path);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, at: `core/${rel}:${i + 1}` }))
    .filter(({ line }) => /mutant/i.test(line) && !(rel === 'index.ts' && line.trim() === "export * from './mutants/index.ts';"))
    .map(({ at, line }) => `${at}: ${line.trim()}`);
}

describe('mutants are seams', () => {
  it('no production core file names a mutant (comments included)', () => {
    const files = productionFiles();
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(mentions)).toEqual([]);
  });

  it('the check above sees a planted mention', () => {
    // core/mutants/ itself is full of them: the same reader, pointed there, must find some.
    const planted = readdirSync(join(CORE, 'mutants')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(planted.flatMap((f) => mentions(join(CORE, 'mutants', f))).length).toBeGreaterThan(0);
  });

  it('every mutant is built from a seam: an adapter wrapper, policies, or the settlement source', () => {
    const source = async () => [{ type: 'refund' as const, providerPaymentId: 'pi_1', currency: 'EUR', gross: 1 }];
    const base = { env: {} as CoreOptions['env'], store: {} as CoreOptions['store'], adapters: {}, settlementSource: source };
    for (const name of MUTANT_NAMES) {
      const built = withMutant(base, name);
      const seams = [ADAPTER_MUTANTS.includes(name), Object.keys(mutantPolicies(name)).length > 0, built.settlementSource !== source];
      expect(seams.some(Boolean), name).toBe(true);
    }
  });

  it('each policy a mutant replaces differs from the default, and names only known policies', () => {
    for (const name of MUTANT_NAMES) {
      for (const [key, value] of Object.entries(mutantPolicies(name))) {
        expect(Object.keys(DEFAULT_POLICIES), `${name}.${key}`).toContain(key);
        expect(value, `${name}.${key}`).not.toBe(DEFAULT_POLICIES[key as keyof typeof DEFAULT_POLICIES]);
      }
    }
  });

  it('withMutant refuses an unknown name and leaves the options it was given alone', () => {
    const base: CoreOptions = { env: {} as CoreOptions['env'], store: {} as CoreOptions['store'], adapters: {} };
    expect(() => withMutant(base, 'no-such-bug')).toThrow(/unknown mutant: no-such-bug/);
    withMutant(base, 'capture-race');
    expect(base).toEqual({ env: {}, store: {}, adapters: {} });
  });
});
