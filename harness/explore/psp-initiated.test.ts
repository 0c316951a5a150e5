// The nemesis's dashboard refund, played in the simulation world: the correct core books it and
// every invariant holds; the psp-initiated-ignored mutant is caught by agreement. The same for a
// chargeback the cardholder opens, and the dispute-ignored mutant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store } from '../../core/index.ts';
import type { Schedule } from '../generator/schedule.ts';
import { runSchedule } from './run-schedule.ts';
import { openSimStore } from '../worlds/sim-store.ts';

let store: Store;
beforeAll(async () => {
  store = await openSimStore();
}, 60_000);
afterAll(async () => store?.close());

describe.each(['stripe', 'adyen'] as const)('psp_refund step, %s', (provider) => {
  const steps: Schedule['steps'] = [
    { kind: 'authorize', pay: 0, provider, card: 'approved', capture: 'manual', amount: 2_000 },
    { kind: 'capture', pay: 0, part: null },
    { kind: 'psp_refund', pay: 0, part: 50 },
  ];

  it('refunds at the PSP on its own; the correct core books it and passes', async () => {
    const outcome = await runSchedule({ worldSeed: 9, steps }, { store });
    expect(outcome.record.ledger.filter((m) => m.kind === 'refund').map((m) => m.amount)).toEqual([1000]);
    expect(outcome.record.history.some((e) => e.type === 'fault' && e.description.startsWith('dashboard refund of 1000'))).toBe(true);
    expect(outcome.violations).toEqual([]);
  }, 60_000);

  it('psp-initiated-ignored is caught by agreement', async () => {
    const outcome = await runSchedule({ worldSeed: 9, steps }, { store, mutant: 'psp-initiated-ignored' });
    expect(outcome.violations.map((v) => v.invariant)).toContain('agreement');
  }, 60_000);
});

describe.each(['stripe', 'adyen'] as const)('psp_dispute step, %s', (provider) => {
  const steps: Schedule['steps'] = [
    { kind: 'authorize', pay: 0, provider, card: 'approved', capture: 'manual', amount: 2_000 },
    { kind: 'capture', pay: 0, part: null },
    { kind: 'psp_dispute', pay: 0, part: 50 },
  ];

  it('opens a chargeback at the PSP; the correct core books it as disputed and passes', async () => {
    const outcome = await runSchedule({ worldSeed: 9, steps }, { store });
    expect(outcome.record.ledger.filter((m) => m.kind === 'dispute').map((m) => m.amount)).toEqual([1000]);
    expect(outcome.record.final.map((p) => [p.status, p.amounts.disputed])).toEqual([['disputed', 1000]]);
    expect(outcome.violations).toEqual([]);
  }, 60_000);

  it('dispute-ignored is caught by agreement, naming the disputed amounts', async () => {
    const outcome = await runSchedule({ worldSeed: 9, steps }, { store, mutant: 'dispute-ignored' });
    const agreement = outcome.violations.filter((v) => v.invariant === 'agreement');
    expect(agreement.map((v) => v.explanation).join('\n')).toMatch(/the SUT says .* disputed, the PSP .* \(chargebacks\)/);
  }, 60_000);
});
