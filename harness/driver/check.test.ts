// `gauntlet driver check` against a real live world (simulators, toxiproxy-server, the core as
// its own process): the reference core's merchant API driver conforms; drivers with one classic
// mapping bug each are caught by the probe that owns it, named in the finding; the CLI attaches
// to a running world with --world-file, loads a driver written outside the repo, and exits 0/1/2.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveWorld, type LiveWorld } from '../live/up.ts';
import { checkDriver, type DriverCheckReport, type ProbeName } from './check.ts';
import { createMerchantApiDriver } from './merchant-api-driver.ts';
import type { Completion, Driver, DriverCapabilities } from './types.ts';

const REPO = resolve(import.meta.dirname, '../..');
const STRIPE_ONLY: DriverCapabilities = { providers: ['stripe'], operations: ['capture', 'partial_capture', 'refund', 'partial_refund', 'void'], webhooks: {}, merchantIdempotency: true, failover: false, reconcile: true, settlementReports: false };

function merchantApi(world: LiveWorld, o: { capabilities?: DriverCapabilities; requestTimeoutMs?: number } = {}): Driver {
  return createMerchantApiDriver({ baseUrl: world.coreUrl, fetch: globalThis.fetch.bind(globalThis), requestTimeoutMs: o.requestTimeoutMs ?? 15_000, ...(o.capabilities ? { capabilities: o.capabilities } : {}) });
}

/** The merchant API driver with one answer rewritten: a driver with one mapping bug. */
function broken(inner: Driver, rewrite: (c: Completion, op: 'authorize' | 'capture' | 'get') => Completion): Driver {
  return {
    ...inner,
    name: 'broken',
    authorize: async (a) => rewrite(await inner.authorize(a), 'authorize'),
    capture: async (id, amount, key) => rewrite(await inner.capture(id, amount, key), 'capture'),
    get: async (id) => rewrite(await inner.get(id), 'get'),
  };
}

const probe = (r: DriverCheckReport, provider: string, name: ProbeName) => r.probes.find((p) => p.provider === provider && p.probe === name);
const mismatches = (r: DriverCheckReport) => r.probes.filter((p) => p.outcome === 'mismatch').map((p) => `${p.provider} ${p.probe}`);

describe('gauntlet driver check', () => {
  let world: LiveWorld;
  let dir: string;

  beforeAll(async () => {
    world = await startLiveWorld({ simulatorPorts: 'ephemeral' });
    dir = await mkdtemp(join(tmpdir(), 'gauntlet-driver-check-'));
  });
  afterAll(async () => {
    await world?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes the reference core through its merchant API driver, every probe on both providers', { timeout: 180_000 }, async () => {
    const report = await checkDriver({ driver: merchantApi(world), world: world.describe() });
    expect(mismatches(report)).toEqual([]);
    expect(report.verdict).toBe('conform');
    // Every probe ran (the merchant API declares everything): a green that skipped nothing.
    expect(report.probes.filter((p) => p.outcome === 'pass')).toHaveLength(20);
  });

  it('catches a driver that reports a captured payment as authorized, in the capture probe', { timeout: 120_000 }, async () => {
    const driver = broken(merchantApi(world, { capabilities: STRIPE_ONLY }), (c) =>
      c.type === 'ok' && c.value.status === 'captured' ? { ...c, value: { ...c.value, status: 'authorized' } } : c,
    );
    const report = await checkDriver({ driver, world: world.describe(), settleMs: 3_000 });
    expect(report.verdict).toBe('mismatch');
    expect(mismatches(report)).toEqual(['stripe capture']);
    expect(probe(report, 'stripe', 'capture')!.findings.join('\n')).toContain("capture: the driver reported status 'authorized', expected 'captured'");
    // The refund builds on a conforming capture, so it is skipped, not judged on a wrong base.
    expect(probe(report, 'stripe', 'refund')!.outcome).toBe('skipped');
  });

  it("names the status to map when a driver passes its service's own word through ('paid')", { timeout: 120_000 }, async () => {
    const driver = broken(merchantApi(world, { capabilities: { ...STRIPE_ONLY, operations: ['capture'] } }), (c) =>
      c.type === 'ok' && c.value.status === 'captured' ? { ...c, value: { ...c.value, status: 'paid' } } : c,
    );
    const report = await checkDriver({ driver, world: world.describe(), settleMs: 3_000 });
    expect(mismatches(report)).toEqual(['stripe capture']);
    expect(probe(report, 'stripe', 'capture')!.findings[0]).toMatch(/^capture: the driver reported status 'paid'; Gauntlet's statuses are authorizing, .*; map 'paid' to 'captured'/);
  });

  it('catches a driver that reports an issuer decline as a platform failure, in the decline probe', { timeout: 120_000 }, async () => {
    const driver = broken(merchantApi(world, { capabilities: { ...STRIPE_ONLY, operations: [] } }), (c, op) =>
      op === 'authorize' && c.type === 'ok' && c.value.status === 'declined' ? { type: 'fail', error: { kind: 'platform', code: 'payment_failed', message: 'payment failed' } } : c,
    );
    const report = await checkDriver({ driver, world: world.describe(), settleMs: 3_000 });
    expect(mismatches(report)).toEqual(['stripe decline']);
    expect(probe(report, 'stripe', 'decline')!.findings[0]).toContain("decline: reported as a platform failure (code 'payment_failed'); the issuer declined test card pm_card_chargeDeclinedInsufficientFunds: an issuer decline must be fail kind 'decline' or status 'declined'");
  });

  it('catches a driver that turns a lost answer into a definite failure, in the timeout probe', { timeout: 120_000 }, async () => {
    // It gives up after 500 ms (the core waits about 2 s for the PSP) and calls that a failure:
    // the classic "timeout treated as failure" bug, while the PSP did authorize the payment.
    const driver = broken(merchantApi(world, { capabilities: { ...STRIPE_ONLY, operations: [] }, requestTimeoutMs: 500 }), (c) =>
      c.type === 'info' ? { type: 'fail', error: { kind: 'platform', code: 'timeout', message: 'gave up' } } : c,
    );
    const report = await checkDriver({ driver, world: world.describe(), settleMs: 3_000 });
    expect(probe(report, 'stripe', 'timeout')).toMatchObject({ outcome: 'mismatch', findings: [expect.stringContaining("timeout: reported as a definite failure (fail kind 'platform', code 'timeout')")] });
  });

  it('the CLI attaches with --world-file: a driver written outside the repo conforms (exit 0), a broken one exits 1, a missing one 2', { timeout: 240_000 }, async () => {
    const worldFile = join(dir, 'world.json');
    await writeFile(worldFile, JSON.stringify(world.describe()));
    const index = JSON.stringify(join(REPO, 'harness/driver/index.ts'));
    const good = join(dir, 'good-driver.ts');
    await writeFile(
      good,
      `import { createMerchantApiDriver } from ${index};
import type { Driver } from ${JSON.stringify(join(REPO, 'harness/driver/types.ts'))};
export default function createDriver(env: { baseUrl?: string }): Driver {
  return createMerchantApiDriver({ baseUrl: env.baseUrl!, fetch: globalThis.fetch.bind(globalThis), name: 'team driver', capabilities: { providers: ['adyen'], operations: ['capture', 'refund', 'void'], webhooks: { adyen: '/v1/webhooks/adyen' }, merchantIdempotency: true, failover: false, reconcile: true, settlementReports: true } });
}
`,
    );
    const bad = join(dir, 'bad-driver.ts');
    await writeFile(
      bad,
      `import { createMerchantApiDriver } from ${index};
export default (env: { baseUrl?: string }) => {
  const inner = createMerchantApiDriver({ baseUrl: env.baseUrl!, fetch: globalThis.fetch.bind(globalThis), capabilities: { providers: ['adyen'], operations: [], webhooks: {}, merchantIdempotency: true, failover: false, reconcile: true, settlementReports: true } });
  return { ...inner, name: 'declines as platform', authorize: async (a: Parameters<typeof inner.authorize>[0]) => {
    const c = await inner.authorize(a);
    return c.type === 'ok' && c.value.status === 'declined' ? { type: 'fail' as const, error: { kind: 'platform' as const, code: 'refused', message: 'refused' } } : c;
  } };
};
`,
    );
    const cli = (driverPath: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [join(REPO, 'bin/gauntlet.js'), 'driver', 'check', '--driver', driverPath, '--world-file', worldFile, '--json'], { cwd: dir, timeout: 120_000 }, (err, stdout, stderr) =>
          done({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
        );
      });

    const ok = await cli(good);
    expect(ok.code, ok.stderr).toBe(0);
    const okReport = JSON.parse(ok.stdout) as DriverCheckReport;
    expect(okReport).toMatchObject({ driver: 'team driver', providers: ['adyen'], verdict: 'conform' });
    expect(probe(okReport, 'adyen', 'partial_capture')).toMatchObject({ outcome: 'skipped', note: expect.stringContaining('not declared') });

    const no = await cli(bad);
    expect(no.code, no.stderr).toBe(1);
    expect(mismatches(JSON.parse(no.stdout) as DriverCheckReport)).toEqual(['adyen decline']);

    const missing = await cli(join(dir, 'nope.ts'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such driver module');
  });
});
