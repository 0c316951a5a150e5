// Provider side of the Adyen contract: the committed pact replayed by Pact's own verifier against
// an Adyen simulator on a real socket, provider states set up through its control API. Then the
// same against a simulator broken on purpose, to show the verification can fail, and precisely.
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from '../../harness/index.ts';
import { ADYEN_STATE_API_KEY as STATE_API_KEY, ADYEN_STATE_MERCHANT_ACCOUNT as STATE_MERCHANT_ACCOUNT } from '../../simulators/index.ts';
import { committedPact } from '../pact-files.ts';
import { describeReport, verifyHttpPact } from '../verify.ts';
import { ADYEN_PACT, ADYEN_PACT_API_KEY, ADYEN_PACT_MERCHANT_ACCOUNT } from './index.ts';

let sim: LiveSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('the Adyen simulator honours the adapter\'s pact', () => {
  it('the pact, the simulator\'s provider states and the live world agree on the key and the merchant account', () => {
    // Idempotency keys are scoped to the API key: the reused-key state only reproduces when the
    // state handler stores its key under the key the verifier sends (the pact's example).
    expect(ADYEN_PACT_API_KEY).toBe(STATE_API_KEY);
    expect(ADYEN_PACT_MERCHANT_ACCOUNT).toBe(STATE_MERCHANT_ACCOUNT);
  });

  it('every interaction verifies', async () => {
    sim = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: 7 });
    const report = await verifyHttpPact({ pactFile: committedPact(ADYEN_PACT), baseUrl: sim.url });
    expect(report.ok, describeReport(report).join('\n')).toBe(true);
    expect(report.interactions.length).toBeGreaterThanOrEqual(20);
  });

  it('a simulator whose refunds all fail with 500 fails exactly the refund interactions, on their status', async () => {
    sim = await startLiveSimulator({
      dialect: 'adyen',
      port: 0,
      seed: 7,
      // No `times`: every refund, for the whole verification. Provider states append their own
      // rules to this plan; they must not replace it.
      plan: { rules: [{ id: 'broken-refunds', match: { operation: 'adyen.refunds' }, effect: { type: 'error', status: 500 } }] },
    });
    const report = await verifyHttpPact({ pactFile: committedPact(ADYEN_PACT), baseUrl: sim.url });
    const failed = report.interactions.filter((i) => !i.ok);
    const text = describeReport(report).join('\n');
    expect(report.ok).toBe(false);
    expect(failed.map((i) => i.description).sort(), text).toEqual(['a full refund of 2000 EUR', 'a partial refund of 500 EUR']);
    for (const i of failed) expect(i.mismatches, text).toContain('StatusMismatch: expected 201 but was 500');
    // The sabotage rule survived every provider state that appended a fault: still in the plan,
    // and it hit both refunds (PUT restarts counters, so the applied-fault log is what counts).
    expect(sim.sim.kernel.faults.current().plan.rules[0]).toMatchObject({ id: 'broken-refunds', effect: { type: 'error', status: 500 } });
    expect(sim.sim.kernel.faults.applied().faults.filter((f) => f.ruleId === 'broken-refunds')).toHaveLength(2);
  });
});
