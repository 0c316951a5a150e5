// One run in the simulation world: the safety phase plays the schedule (operations interleaved
// with faults), the liveness phase heals every fault, drains webhooks and runs the SUT's
// reconciliation, then the checkers read the record.
import type { Db } from '../../core/db/index.ts';
import type { AdapterFactories } from '../certify/adapter-env.ts';
import { checkAll, violationsOf } from '../checker/index.ts';
import { earlyRetries, type EarlyRetry } from '../checker/retry-after.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import type { Completion } from '../driver/types.ts';
import { historyDigest, ledgerOf } from '../history/index.ts';
import type { OperationName, RunRecord } from '../history/types.ts';
import { MAX_PAYMENTS, type OpStep, type Schedule, type Step } from '../generator/schedule.ts';
import { buildSimWorld, ORIGINS, type SimWorld } from '../worlds/sim-world.ts';
import { dashboardRefund } from './psp-initiated.ts';

export interface RunOutcome {
  record: RunRecord;
  results: CheckResult[];
  violations: Violation[];
  digest: string;
  /** Payments the run created (each a lifecycle the checkers judged). */
  lifecycles: number;
  /** PSP etiquette (not a money invariant): retries that came before the PSP's Retry-After, per PSP. */
  earlyRetries: { provider: 'stripe' | 'adyen'; retry: EarlyRetry }[];
}

const LIVENESS_BOUND_MS = 10 * 60_000;

interface PaymentSlot {
  reference: string;
  amount: number;
  paymentId?: string;
  last?: { op: OperationName; args: Record<string, unknown>; call: () => Promise<Completion> };
  seq: number;
}

export async function runSchedule(schedule: Schedule, o: { db: Db; mutant?: string; adapterFactories?: AdapterFactories }): Promise<RunOutcome> {
  const w = await buildSimWorld({
    seed: schedule.worldSeed,
    db: o.db,
    ...(o.mutant ? { mutant: o.mutant } : {}),
    ...(schedule.interleaving ? { interleaver: schedule.interleaving } : {}),
    ...(o.adapterFactories ? { adapterFactories: o.adapterFactories } : {}),
  });
  const slots: PaymentSlot[] = [];
  const slot = (i: number): PaymentSlot => (slots[i] ??= { reference: `pay-${i}`, amount: 0, seq: 0 });

  w.history.phase('safety');
  for (const step of schedule.steps) {
    await play(w, step, slot);
    await w.deliverDue();
  }

  // Liveness: heal everything, let webhooks drain, let the SUT reconcile, read its final view.
  w.history.phase('heal');
  healAll(w);
  await w.settle();
  w.history.phase('liveness');
  const final = await w.whileTimePasses(() => w.driver.list());
  w.history.phase('final');

  const ledger = ledgerOf([w.sims.stripe, w.sims.adyen]);
  const record: RunRecord = { seed: schedule.worldSeed, history: w.history.events, ledger, final, livenessBoundMs: LIVENESS_BOUND_MS };
  const results = checkAll(record);
  const early = (['stripe', 'adyen'] as const).flatMap((provider) => earlyRetries(w.sims[provider].kernel.requests.all()).map((retry) => ({ provider, retry })));
  return { record, results, violations: violationsOf(results), digest: historyDigest(w.history.events), lifecycles: slots.filter((s) => s.paymentId).length, earlyRetries: early };
}

async function play(w: SimWorld, step: Step, slot: (i: number) => PaymentSlot): Promise<void> {
  switch (step.kind) {
    case 'psp_fault': {
      const sim = w.sims[step.provider];
      sim.kernel.faults.set({ rules: [...sim.kernel.faults.current().plan.rules, step.rule] });
      w.history.fault('start', `psp:${step.provider}`, describeRule(step.rule), step.rule);
      return;
    }
    case 'net_fault':
      w.network.set(ORIGINS[step.target], step.fault);
      w.history.fault('start', `net:${step.target}`, `${step.fault.type}${'ms' in step.fault ? ` ${step.fault.ms}ms` : ''}`, step.fault);
      return;
    case 'heal':
      if (step.target) healNetwork(w, ORIGINS[step.target]);
      else healAll(w);
      return;
    case 'psp_refund': {
      // The payment the step names, or else the first other one with something to refund.
      const order = [step.pay, ...Array.from({ length: MAX_PAYMENTS }, (_, i) => i).filter((i) => i !== step.pay)].map(slot);
      await w.whileTimePasses(async () => {
        for (const s of order) if (await dashboardRefund(w, s.reference, s.paymentId, step.part)) return;
      });
      return;
    }
    case 'wait':
      await w.clock.advance(step.ms);
      return;
    case 'concurrent': {
      const a = prepare(w, step.a, slot, 1);
      const b = prepare(w, step.b, slot, 2);
      await w.whileTimePasses(w.withWebhooks(() => Promise.all([a?.(), b?.()])));
      return;
    }
    default: {
      const run = prepare(w, step, slot, 0);
      if (run) await w.whileTimePasses(w.withWebhooks(run));
    }
  }
}

/** Turns an operation step into a recorded call, or nothing when it cannot apply yet. */
function prepare(w: SimWorld, step: OpStep, slot: (i: number) => PaymentSlot, process: number): (() => Promise<void>) | undefined {
  const s = slot(step.pay);
  const record = (op: OperationName, args: Record<string, unknown>, call: () => Promise<Completion>) => async () => {
    const completion = await w.history.operation(process, op, s.reference, args, call);
    if (completion.type !== 'info' && 'value' in completion && completion.value && !s.paymentId) s.paymentId = completion.value.paymentId;
  };
  const key = (op: string) => `${s.reference}-${op}-${++s.seq}`;
  switch (step.kind) {
    case 'authorize': {
      if (s.paymentId || s.last?.op === 'authorize') return undefined;
      s.amount = step.amount;
      const paymentMethod = step.card === 'approved' ? 'pm_card_visa' : 'pm_card_chargeDeclinedInsufficientFunds';
      const args = { reference: s.reference, amount: step.amount, currency: step.currency ?? 'EUR', provider: step.provider, paymentMethod, capture: step.capture, idempotencyKey: key('authorize') };
      const call = () => w.driver.authorize(args);
      s.last = { op: 'authorize', args, call };
      return record('authorize', args, call);
    }
    case 'retry': {
      const last = s.last;
      if (!last) return undefined;
      return record(last.op, { ...last.args, retry: true }, last.call);
    }
    case 'get': {
      const id = s.paymentId;
      if (!id) return undefined;
      return record('get', { paymentId: id }, () => w.driver.get(id));
    }
    default: {
      const id = s.paymentId;
      if (!id) return undefined;
      const amount = step.kind === 'void' || step.part === null ? undefined : Math.max(1, Math.floor((s.amount * step.part) / 100));
      const idempotencyKey = key(step.kind);
      const args = { paymentId: id, amount, idempotencyKey };
      const call =
        step.kind === 'capture'
          ? () => w.driver.capture(id, amount, idempotencyKey)
          : step.kind === 'refund'
            ? () => w.driver.refund(id, amount, idempotencyKey)
            : () => w.driver.void(id, idempotencyKey);
      s.last = { op: step.kind, args, call };
      return record(step.kind, args, call);
    }
  }
}

/** The network fault on one origin off, recorded as stopped when one was set. */
function healNetwork(w: SimWorld, origin: string): void {
  if (w.network.active().some(([o]) => o === origin)) w.history.fault('stop', `net:${originName(origin)}`, 'healed');
  w.network.heal(origin);
}

/** Every network fault and every fault plan off, each recorded as stopped. */
function healAll(w: SimWorld): void {
  for (const [origin] of w.network.active()) w.history.fault('stop', `net:${originName(origin)}`, 'healed');
  w.network.heal();
  for (const [name, sim] of Object.entries(w.sims)) {
    if (sim.kernel.faults.current().plan.rules.length) w.history.fault('stop', `psp:${name}`, 'fault plan cleared');
    sim.kernel.faults.clear();
  }
}

function originName(origin: string): string {
  return Object.entries(ORIGINS).find(([, o]) => o === origin)?.[0] ?? origin;
}

function describeRule(rule: { match?: { operation?: string; event?: string }; effect: { type: string }; times?: number }): string {
  const on = rule.match?.operation ?? rule.match?.event ?? 'every request';
  return `${rule.effect.type} on ${on}${rule.times ? ` (×${rule.times})` : ''}`;
}
