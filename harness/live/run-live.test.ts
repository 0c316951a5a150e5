// The live world end to end: real processes, real Toxiproxy, SIGKILL of the core, then the same
// checkers as the simulation world. The correct core must pass.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../toolchain/index.ts';
import { spawnCore } from './core-child.ts';
import { runLive } from './run-live.ts';
import { startLiveWorld } from './up.ts';

describe('gauntlet run --generated', () => {
  it('runs a workload under real faults and finds the correct core clean', async () => {
    const report = await runLive({ seed: 3, durationMs: 8_000 });
    expect(report.operations).toBeGreaterThan(5);
    expect(report.lifecycles).toBeGreaterThan(1);
    expect(report.faults).toBeGreaterThan(0);
    // The one runner's account: every applied fault counted, coverage measured, never a fail.
    expect(report.faultCoverage).toHaveLength(report.faults);
    expect(report.coverage.some((c) => c.operation === 'authorize' && c.ok > 0)).toBe(true);
    expect(report.verdict).not.toBe('fail');
    expect(report.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
  }, 180_000);

  it('attaches to a world `gauntlet up --sut-url` left running for a service the user started, through a driver module', async () => {
    // The "user's service" is a reference core started by hand, pointed at the world's proxies.
    const port = await freeLoopbackPort();
    const world = await startLiveWorld({ seed: 9, simulatorPorts: 'ephemeral', sutUrl: `http://127.0.0.1:${port}` });
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-external-sut-'));
    try {
      expect(world.core).toBeUndefined();
      const d = world.describe();
      // The user's service takes its secrets from the world file, as the README tells users to.
      const secrets = { stripeApiKey: d.apiKeys!.stripe, stripeWebhookSecret: d.webhooks!.stripe.secret, adyenApiKey: d.apiKeys!.adyen, adyenHmacKey: d.webhooks!.adyen.hmacKey };
      const service = await spawnCore({ port, seed: 9, stripeUrl: d.toxiproxy.proxies.stripe.listen, adyenUrl: d.toxiproxy.proxies.adyen.listen, database: { kind: 'pglite', dir }, secrets });
      try {
        const logs: string[] = [];
        const report = await runLive({ seed: 9, durationMs: 6_000, attach: d, driverPath: join(import.meta.dirname, '../driver/example-driver.ts'), log: (l) => logs.push(l) });
        expect(logs).toContain('the SUT is external: no SIGKILL faults (Gauntlet does not own its process)');
        expect(report.lifecycles).toBeGreaterThan(1);
        expect(report.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
        // The money the run moved is in the attached simulators' ledgers, and the world is still up.
        const headers = { authorization: `Bearer ${d.control!.token}` };
        const ledger = (await (await fetch(`${d.simulators.stripe}/__gauntlet/ledger`, { headers })).json()) as { movements: unknown[] };
        const adyen = (await (await fetch(`${d.simulators.adyen}/__gauntlet/ledger`, { headers })).json()) as { movements: unknown[] };
        expect(ledger.movements.length + adyen.movements.length).toBeGreaterThan(0);
        expect(service.exit()).toBeUndefined();
      } finally {
        await service.stop();
      }
    } finally {
      await world.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
