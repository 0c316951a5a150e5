// The published drill JSON Schema: it is exactly what the zod schema generates (so it cannot
// drift), every drill in the library passes it under ajv (an independent validator, strict mode),
// ajv refuses broken drills, and what ajv refuses the loader refuses too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRILL_SCHEMA_FILE, drillJsonSchema, drillJsonSchemaText } from './drill-json-schema.ts';
import { DRILLS_DIR, validateDrill } from './index.ts';

const files = readdirSync(DRILLS_DIR).filter((f) => f.endsWith('.json'));
const raw = (f: string): Record<string, unknown> => JSON.parse(readFileSync(join(DRILLS_DIR, f), 'utf8')) as Record<string, unknown>;
// strict: an unknown keyword or a type-less constraint in the generated schema fails compilation.
const ajvValidate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(DRILL_SCHEMA_FILE, 'utf8')) as object);
const ajvErrors = (value: unknown) => (ajvValidate(value) ? [] : (ajvValidate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
const clone = <T>(v: T): T => structuredClone(v);

describe('scenarios/drill.schema.json', () => {
  it('is exactly what the zod schema generates (regenerate: npx tsx scenarios/write-drill-schema.ts)', () => {
    expect(readFileSync(DRILL_SCHEMA_FILE, 'utf8')).toBe(drillJsonSchemaText());
    expect(drillJsonSchema().$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts every drill in scenarios/drills/ as written, $schema line included', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const drill = raw(f);
      expect.soft(drill.$schema, f).toBe('../drill.schema.json');
      expect.soft(ajvErrors(drill), f).toEqual([]);
    }
  });

  it.each([
    ['a rate that is a word', (d: Record<string, any>) => (d.traffic.rate = 'fast'), '/traffic/rate must be number'],
    ['an unknown network target', (d: Record<string, any>) => d.faults.push({ at: '1s', kind: 'network', target: 'core', toxic: 'latency' }), 'must be equal to one of the allowed values'],
    ['an unknown fault kind', (d: Record<string, any>) => d.faults.push({ at: '1s', kind: 'dns' }), '/faults/'],
    ['an unknown fault-plan effect', (d: Record<string, any>) => d.faults.push({ at: '1s', kind: 'psp', provider: 'stripe', rule: { effect: { type: 'explode' } } }), '/faults/'],
    ['a status out of range', (d: Record<string, any>) => d.faults.push({ at: '1s', kind: 'psp', provider: 'adyen', rule: { effect: { type: 'error', status: 200 } } }), '/status must be >= 400'],
    ['a typo in a field name', (d: Record<string, any>) => (d.traffic.maxPayment = 5), '/traffic must NOT have additional properties'],
    ['a missing traffic', (d: Record<string, any>) => delete d.traffic, "must have required property 'traffic'"],
    ['a duration without unit', (d: Record<string, any>) => (d.traffic.duration = '10'), '/traffic/duration must match pattern'],
    ['an unknown invariant', (d: Record<string, any>) => (d.invariants = ['eventual-happiness']), '/invariants'],
  ])('ajv refuses %s, and so does the loader', (_what, breakIt, message) => {
    const d = raw('capture-timeout-after-commit.json');
    expect(ajvErrors(d)).toEqual([]);
    breakIt(d);
    expect(ajvErrors(d).join('\n')).toContain(message);
    expect(validateDrill(d, 'x.json').ok).toBe(false);
  });

  it('whatever ajv refuses, the loader refuses (random damage to every drill)', () => {
    // A value of the wrong kind dropped at a random path of a real drill: a schema that is looser
    // than the loader would let an editor pass a file the harness then refuses.
    const drills = files.map(raw);
    const junk = fc.oneof(fc.constant(null), fc.constant('x'), fc.constant(-1), fc.constant(1.5), fc.constant(true), fc.constant([]), fc.constant({}), fc.constant('10s'), fc.constant(0));
    fc.assert(
      fc.property(fc.nat(drills.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), junk, (i, steps, value) => {
        const d = clone(drills[i]!);
        let at: any = d;
        for (const [n, step] of steps.entries()) {
          const keys = Object.keys(at);
          if (keys.length === 0) break;
          const key = keys[step % keys.length]!;
          if (n === steps.length - 1 || at[key] === null || typeof at[key] !== 'object') {
            at[key] = value;
            break;
          }
          at = at[key];
        }
        if (ajvErrors(d).length) expect(validateDrill(d, 'x.json').ok).toBe(false);
        // And the reverse, but for what JSON Schema cannot say (see drill-json-schema.ts): a file the
        // loader refuses and ajv passes must break one of those rules, never a plain type or range.
        else if (!validateDrill(d, 'x.json').ok) expect((validateDrill(d, 'x.json') as { errors: string[] }).errors.join('\n')).toMatch(/up to 10m|non-zero|matches by|\$schema/);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('drill problems name their path', () => {
  it('a bad fault-plan rule inside a drill names the fault, the rule and the field', () => {
    const d = raw('flaky-5xx.json');
    (d.faults as unknown[]).push({ at: '1s', kind: 'psp', provider: 'stripe', rule: { effect: { type: 'error', status: 200 } } });
    const n = (d.faults as unknown[]).length - 1;
    const r = validateDrill(d, 'flaky-5xx.json');
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual([`flaky-5xx.json: faults[${n}].rule.effect.status: must be a number from 400 to 599`]);
  });

  it('drops the editor hint from the drill the harness runs', () => {
    const r = validateDrill(raw('decline-mix.json'), 'decline-mix.json');
    expect(r.ok && '$schema' in r.drill).toBe(false);
  });
});
