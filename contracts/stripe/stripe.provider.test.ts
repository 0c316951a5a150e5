// Provider verification: the Stripe simulator, served over a real socket on the wall clock, must
// honour every interaction of the committed Stripe adapter pact, through Pact's own verifier and
// the simulator's provider states. And the gate must be able to fail: a simulator broken on purpose
// fails exactly the interactions it breaks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from '../../harness/index.ts';
import { committedPact } from '../pact-files.ts';
import { describeReport, verifyHttpPact } from '../verify.ts';
import { STRIPE_PACT } from './index.ts';

const PACT_FILE = committedPact(STRIPE_PACT);
const interactions = (JSON.parse(readFileSync(PACT_FILE, 'utf8')) as { interactions: { description: string; request: { path: string }; response: { status: number } }[] }).interactions;

async function withSimulator<T>(seed: number, run: (sim: LiveSimulator) => Promise<T>): Promise<T> {
  const sim = await startLiveSimulator({ dialect: 'stripe', port: 0, seed });
  try {
    return await run(sim);
  } finally {
    await sim.stop();
  }
}

describe('the Stripe simulator as the provider of the Stripe adapter pact', () => {
  it('honours every interaction, and again on the same simulator', async () => {
    await withSimulator(20_260_101, async (sim) => {
      for (const run of ['first', 'second']) {
        const report = await verifyHttpPact({ pactFile: PACT_FILE, baseUrl: sim.url });
        expect(report.ok, `${run} run:\n${describeReport(report).join('\n')}`).toBe(true);
        expect(report.interactions.map((i) => i.description)).toEqual(interactions.map((i) => i.description));
      }
      // The states really moved money at the simulator: verification ran against state, not stubs.
      const ledger = (await (await fetch(`${sim.url}/__gauntlet/ledger`)).json()) as { movements: { kind: string }[] };
      expect(new Set(ledger.movements.map((m) => m.kind))).toEqual(new Set(['authorization', 'capture', 'refund', 'void']));
    });
  });

  it('fails exactly the capture interactions when every capture answers 503', async () => {
    const captures = interactions.filter((i) => i.request.path.endsWith('/capture'));
    expect(captures.length).toBeGreaterThanOrEqual(3);
    expect(captures.every((i) => i.response.status !== 503)).toBe(true);

    await withSimulator(20_260_102, async (sim) => {
      // A rule without `times`: the provider states append their own rules and keep it.
      const broken = { id: 'broken-captures', match: { operation: 'stripe.payment_intents.capture' }, effect: { type: 'error', status: 503 } };
      const put = await fetch(`${sim.url}/__gauntlet/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [broken] }) });
      expect(put.status).toBe(200);

      const report = await verifyHttpPact({ pactFile: PACT_FILE, baseUrl: sim.url });
      const lines = describeReport(report).join('\n');
      expect(report.ok, lines).toBe(false);
      const failed = report.interactions.filter((i) => !i.ok);
      expect(failed.map((i) => i.description).sort(), lines).toEqual(captures.map((i) => i.description).sort());
      for (const i of failed) expect(i.mismatches.join('\n'), lines).toMatch(/status.*503|503.*status/i);

      const plan = (await (await fetch(`${sim.url}/__gauntlet/faults`)).json()) as { plan: { rules: { id?: string }[] } };
      expect(plan.plan.rules[0]?.id).toBe('broken-captures');
    });
  });
});
