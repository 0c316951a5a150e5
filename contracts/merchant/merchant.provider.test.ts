// The committed merchant pact verified by Pact's own verifier against the reference core, run for
// real (its own server, PGlite in memory) over live Stripe and Adyen simulators; and against a
// mutant of the core that breaks one promise the pact pins, which must fail on that interaction.
import { afterEach, describe, expect, it } from 'vitest';
import type { MutantName } from '../../core/index.ts';
import { startLiveCore, type LiveCore, startLiveSimulator, type LiveSimulator } from '../../harness/index.ts';
import { isUpdating } from '../pact-files.ts';
import { describeReport } from '../verify.ts';
import { verifyMerchantPact } from './index.ts';

const SEED = 20261125;
let running: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  // The core first: it calls the simulators while it pumps.
  for (const r of running.reverse()) await r.stop();
  running = [];
});

async function startCore(mutant?: MutantName): Promise<LiveCore> {
  const start = async <T extends { stop(): Promise<void> }>(p: Promise<T>) => {
    const r = await p;
    running.push(r);
    return r;
  };
  const stripe: LiveSimulator = await start(startLiveSimulator({ dialect: 'stripe', port: 0, seed: SEED }));
  const adyen: LiveSimulator = await start(startLiveSimulator({ dialect: 'adyen', port: 0, seed: SEED + 1 }));
  return start(startLiveCore({ port: 0, seed: SEED, stripeUrl: stripe.url, adyenUrl: adyen.url, log: () => {}, ...(mutant ? { mutant } : {}) }));
}

// During an update (GAUNTLET_PACT_UPDATE=1) the committed pact is about to be replaced by the one
// being staged: verifying the old one then proves nothing. The plain run that must follow an
// update verifies the new contract.
describe.skipIf(isUpdating())('merchant API contract (provider: the reference core)', () => {
  it('the reference core honours every interaction of the checkout client', async () => {
    const core = await startCore();
    const report = await verifyMerchantPact({ baseUrl: core.url });
    expect(report.ok, describeReport(report).join('\n')).toBe(true);
    expect(report.interactions).toHaveLength(13);
    expect(report.interactions.filter((i) => !i.ok)).toEqual([]);
    // Again on the same, now populated service: states mint fresh keys and payments, so a
    // long-lived service (a team's staging) verifies as well the second time as the first.
    const again = await verifyMerchantPact({ baseUrl: core.url });
    expect(again.ok, describeReport(again).join('\n')).toBe(true);
  });

  it('a core that ignores the merchant Idempotency-Key fails the reused-key interaction, and only it', async () => {
    // merchant-key-ignored executes a reused key's different request as a new payment (201):
    // the pact pins the 422 a checkout relies on to notice its own retry bug.
    const core = await startCore('merchant-key-ignored');
    const report = await verifyMerchantPact({ baseUrl: core.url });
    const failed = report.interactions.filter((i) => !i.ok);
    expect(report.ok).toBe(false);
    expect(failed.map((i) => i.description), describeReport(report).join('\n')).toEqual(['a payment request reusing an idempotency key with a different amount']);
    expect(failed[0]!.mismatches.join('\n')).toMatch(/422/);
  });
});
