// The certification battery for real, in the simulation world: the reference core's own adapters,
// loaded through the example modules a team copies, certify; adapters with one classic bug each do
// not, and the certificate names the capabilities and fault classes that caught the bug (and only
// those: the drill beside it passes, so the failure is about the bug, not the harness).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../core/index.ts';
import { certifyCommand } from '../cli/certify.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';
import { loadAdapterModule } from './adapter-module.ts';
import { runBattery } from './battery.ts';
import { runCapability } from './capabilities.ts';
import type { Certificate } from './certificate.ts';
import { freshCaptureKeys, unverifiedWebhooks } from './test-support.ts';
import { openSimStore } from '../worlds/sim-store.ts';

// One seed for the file: a failure replays with `npx gauntlet certify --adapter … --seed 7`.
const SEED = 7;
const ISSUED = '2026-11-25T12:00:00.000Z';
const examples = join(import.meta.dirname, 'examples');

let store: Store;
let scratch: string;
beforeAll(async () => {
  store = await openSimStore();
  scratch = await mkdtemp(join(tmpdir(), 'gauntlet-certify-'));
}, 60_000);
afterAll(async () => {
  await store?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const failing = (c: Certificate) => ({
  capabilities: c.capabilities.filter((x) => !x.passed).map((x) => x.id),
  faultClasses: c.faultClasses.filter((f) => f.status === 'fail').map((f) => f.drill),
});

/** Everything a certified adapter's certificate must show, failures first so they explain themselves. */
function expectCertified(c: Certificate, notApplicable: string[]): void {
  expect(c.capabilities.filter((x) => !x.passed).map((x) => `${x.id}: ${x.explanation}`)).toEqual([]);
  expect(c.faultClasses.filter((f) => f.status === 'fail').map((f) => `${f.drill}: ${f.explanation}`)).toEqual([]);
  // Non-vacuous: no class passed without exercising what it targets on this dialect.
  expect(c.faultClasses.filter((f) => f.status === 'vacuous').map((f) => `${f.drill}: ${f.explanation}`)).toEqual([]);
  // The exploration ran; its findings are reported beside the verdict, not in it.
  expect(c.exploration?.runs).toBeGreaterThan(0);
  expect(c.verdict).toBe('certified');
  expect(Object.keys(c.matrix.capabilities)).toEqual(['authorize', 'capture', 'partial_capture', 'refund', 'void', 'webhooks', 'error_mapping']);
  expect(c.faultClasses.filter((f) => f.status === 'not_applicable').map((f) => f.drill)).toEqual(notApplicable);
  // Every drill that applied ran traffic, and a drill with faults for this dialect applied them.
  for (const f of c.faultClasses.filter((x) => x.status === 'pass')) {
    expect(f.payments, f.drill).toBeGreaterThan(0);
    expect(f.historyDigest, f.drill).toMatch(/^[0-9a-f]{64}$/);
    expect(f.shortfalls, f.drill).toEqual([]);
    expect(f.faultHits.filter((h) => h.hits === 0), f.drill).toEqual([]);
  }
  expect(c.faultClasses.find((f) => f.drill === 'webhook-forgery')?.faultsApplied.length).toBeGreaterThan(0);
}

describe('the built-in adapters certify, through the example modules', () => {
  it('Stripe: every capability and every applicable fault class passes', async () => {
    const path = join(examples, 'stripe-adapter.ts');
    const factory = await loadAdapterModule(path, 'stripe');
    const c = await runBattery({ adapterPath: path, factory, dialect: 'stripe', seed: SEED, issuedAt: ISSUED, exploreRuns: 20, store });
    expectCertified(c, ['late-async-failure', 'provider-outage-failover', 'sut-crash-mid-capture']);
    expect(c.seed).toBe(SEED);
    expect(c.issuedAt).toBe(ISSUED);
    expect(c.rerun).toContain(`--dialect stripe --seed ${SEED}`);
  }, 180_000);

  it('Adyen, through `gauntlet certify`: exit 0, certificate.json and certificate.html written', async () => {
    const out = join(scratch, 'adyen');
    const code = await certifyCommand(['--adapter', join(examples, 'adyen-adapter.ts'), '--dialect', 'adyen', '--seed', String(SEED), '--explore-runs', '20', '--out', out, '--json']);
    const c = JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')) as Certificate;
    expectCertified(c, ['provider-outage-failover', 'provider-outage', 'sut-crash-mid-capture', 'webhook-stale-replay']);
    expect(code).toBe(0);
    const html = await readFile(join(out, 'certificate.html'), 'utf8');
    expect(html).toContain('CERTIFIED');
    expect(html).not.toMatch(/<script/i);
  }, 180_000);
});

describe('a broken adapter does not certify, and the certificate names what caught it', () => {
  it('declines mapped to provider_error (through `gauntlet certify`, exit 1): error_mapping and decline-mix fail', async () => {
    const module = join(scratch, 'declines-as-errors.ts');
    await writeFile(module, `export { declinesAsErrors as createAdapter } from ${JSON.stringify(join(import.meta.dirname, 'test-support.ts'))};\n`);
    const out = join(scratch, 'declines');
    const code = await certifyCommand(['--adapter', module, '--dialect', 'stripe', '--seed', String(SEED), '--drills', 'decline-mix,webhook-forgery', '--explore-runs', '0', '--out', out, '--json']);
    const c = JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')) as Certificate;
    expect(failing(c)).toEqual({ capabilities: ['error_mapping'], faultClasses: ['decline-mix'] });
    expect(c.verdict).toBe('not_certified');
    expect(code).toBe(1);
    expect(c.reason).toBe('capabilities failed: error_mapping; fault classes failed: decline-mix.');
    const mapping = c.capabilities.find((x) => x.id === 'error_mapping')!;
    expect(mapping.scenarios.filter((s) => !s.ok).map((s) => s.name)).toEqual(['issuer decline: declined with the issuer code, not failed']);
    expect(mapping.explanation).toContain('expected declined');
    const drill = c.faultClasses.find((f) => f.drill === 'decline-mix')!;
    expect(new Set(drill.violations.map((v) => v.invariant))).toEqual(new Set(['honest-errors']));
    expect(drill.explanation).toContain('honest-errors violated');
    expect(c.omitted.length).toBeGreaterThan(0);
    const html = await readFile(join(out, 'certificate.html'), 'utf8');
    expect(html).toMatch(/href="#cap-error_mapping">Error mapping<\/a><\/td><td class="cell"><span class="badge fail">/);
    expect(html).toMatch(/href="#drill-decline-mix">decline-mix<\/a><\/td><td class="cell"><span class="badge fail">/);
  }, 120_000);

  const cases: Array<{ name: string; factory: AdapterFactory; drills: string[]; capabilities: string[]; faultClasses: string[]; says: string }> = [
    // A forged Stripe-Signature passes: the forged copy moves the payment before the genuine event.
    { name: 'webhook signatures not verified', factory: unverifiedWebhooks, drills: ['webhook-forgery', 'webhook-storm'], capabilities: ['webhooks'], faultClasses: ['webhook-forgery'], says: 'a forged event moved the payment' },
    // The retry after a lost capture answer is a new capture to the PSP, which refuses it.
    { name: 'a fresh idempotency key on capture retries', factory: freshCaptureKeys, drills: ['capture-timeout-after-commit', 'webhook-storm'], capabilities: ['error_mapping'], faultClasses: ['capture-timeout-after-commit'], says: 'did the retry carry the same idempotency key?' },
  ];

  it.each(cases.map((k) => [k.name, k] as const))('%s', async (_name, k) => {
    const c = await runBattery({ adapterPath: `broken: ${k.name}`, factory: k.factory, dialect: 'stripe', seed: SEED, issuedAt: ISSUED, drills: k.drills, exploreRuns: 0, store });
    expect(failing(c)).toEqual({ capabilities: k.capabilities, faultClasses: k.faultClasses });
    expect(c.verdict).toBe('not_certified');
    for (const n of [...k.capabilities, ...k.faultClasses]) expect(c.reason).toContain(n);
    expect(c.capabilities.find((x) => x.id === k.capabilities[0])?.explanation).toContain(k.says);
    expect(c.faultClasses.find((f) => f.drill === k.faultClasses[0])?.violations.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('determinism', () => {
  it('the same seed gives the same findings, scenario by scenario', async () => {
    const factory = await loadAdapterModule(join(examples, 'stripe-adapter.ts'), 'stripe');
    const once = () => runCapability('webhooks', { seed: SEED, store, dialect: 'stripe', factory });
    expect(await once()).toEqual(await once());
  }, 60_000);
});

describe('gauntlet certify: setup errors exit 2 before anything runs', () => {
  it.each([
    ['a module that does not exist', ['--adapter', './no/such/adapter.ts', '--dialect', 'stripe']],
    ['a module of the other dialect', ['--adapter', join(examples, 'adyen-adapter.ts'), '--dialect', 'stripe']],
    ['an unknown dialect', ['--adapter', join(examples, 'stripe-adapter.ts'), '--dialect', 'paypal']],
    ['no adapter', ['--dialect', 'stripe']],
    ['an unknown drill', ['--adapter', join(examples, 'stripe-adapter.ts'), '--dialect', 'stripe', '--drills', 'no-such-drill', '--explore-runs', '0']],
  ])('%s', async (_what, argv) => {
    const out = join(scratch, 'setup-error');
    expect(await certifyCommand([...argv, '--out', out, '--json'])).toBe(2);
    await expect(readFile(join(out, 'certificate.json'))).rejects.toThrow();
  });
});
