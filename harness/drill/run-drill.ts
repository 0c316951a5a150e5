// Runs one drill in a world: the safety phase starts payments at the drill's rate, each a flow
// (authorize, then the follow-ups, with merchant retries on the same key), while the fault
// schedule starts and heals faults on time; then every fault heals, the world settles (webhooks,
// reconciliation), the SUT's final view is read, the drill's invariants are checked and its KPIs
// measured against the pass criteria.
import { durationMs, type Drill, type DrillFault, type PassCriteria } from '../../scenarios/index.ts';
import { seededRandom, type RandomSource } from '../../simulators/index.ts';
import { CHECKERS, checkAll, violationsOf } from '../checker/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import type { Completion, Driver } from '../driver/types.ts';
import { historyDigest } from '../history/index.ts';
import type { OperationName, RunRecord } from '../history/types.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';
import { measureKpis, type DrillKpis } from './kpis.ts';

export interface DrillProgress {
  phase: 'safety' | 'heal' | 'liveness' | 'check';
  elapsedMs: number;
  operations: number;
  errors: number;
  activeFaults: string[];
}

export interface CriterionResult {
  criterion: keyof PassCriteria;
  limit: number;
  measured: number | null;
  ok: boolean;
}

export interface DrillResult {
  drill: string;
  world: DrillWorld['kind'];
  seed: number;
  passed: boolean;
  durationMs: number;
  payments: number;
  faultsApplied: string[];
  /** Faults this world could not apply, with the reason (the drill still ran without them). */
  faultsSkipped: string[];
  invariants: CheckResult[];
  violations: Violation[];
  kpis: DrillKpis;
  criteria: CriterionResult[];
  historyDigest: string;
  record: RunRecord;
}

export interface RunDrillOptions {
  seed: number;
  onProgress?: (p: DrillProgress) => void;
}

/** Bound on payments in flight at once in one drill. */
const MAX_IN_FLIGHT = 64;

export async function runDrill(drill: Drill, world: DrillWorld, o: RunDrillOptions): Promise<DrillResult> {
  const random = seededRandom(o.seed);
  const started = world.now();
  const safetyMs = durationMs(drill.traffic.duration);
  const maxPayments = Math.min(drill.traffic.maxPayments ?? 10_000, Math.max(1, Math.floor((safetyMs / 1000) * drill.traffic.rate)));
  const active = new Map<DrillFault, ActiveFault>();
  const applied: string[] = [];
  const skipped: string[] = [];
  let operations = 0;
  let errors = 0;
  const progress = (phase: DrillProgress['phase']) =>
    o.onProgress?.({ phase, elapsedMs: world.now() - started, operations, errors, activeFaults: [...active.values()].map((f) => f.description) });

  const record = async (op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>): Promise<Completion> => {
    const c = await world.history.operation(0, op, reference, args, call);
    operations += 1;
    if (c.type === 'info' || (c.type === 'fail' && c.error.kind === 'platform')) errors += 1;
    return c;
  };

  const sleepUntil = async (t: number) => {
    const wait = t - world.now();
    if (wait > 0) await world.sleep(wait);
  };

  const faultTask = async (f: DrillFault) => {
    await sleepUntil(started + durationMs(f.at));
    const r = await world.startFault(f);
    if ('unsupported' in r) {
      skipped.push(r.unsupported);
      return;
    }
    active.set(f, r);
    applied.push(r.description);
    world.history.fault('start', faultTarget(f), r.description, f);
    progress('safety');
    if (f.for === undefined) return; // healed with everything else after the safety phase
    await sleepUntil(started + durationMs(f.at) + durationMs(f.for));
    if (active.delete(f)) {
      await r.heal();
      world.history.fault('stop', faultTarget(f), `healed: ${r.description}`);
    }
  };

  const result = await world.run(async () => {
    world.history.phase('safety');
    const faults = drill.faults.filter((f) => durationMs(f.at) < safetyMs).map((f) => faultTask(f));
    const flows: Promise<void>[] = [];
    let inFlight = 0;
    for (let i = 0; i < maxPayments; i++) {
      await sleepUntil(started + Math.floor((i * 1000) / drill.traffic.rate));
      if (world.now() - started >= safetyMs) break;
      while (inFlight >= MAX_IN_FLIGHT) await world.sleep(50);
      inFlight += 1;
      const plan = planPayment(drill, i, random, world.runTag);
      flows.push(paymentFlow(drill, world.driver, plan, record, random).finally(() => (inFlight -= 1)));
      if (i % 5 === 0) progress('safety');
    }
    await Promise.all(flows);
    await sleepUntil(started + safetyMs);
    await Promise.all(faults);

    world.history.phase('heal');
    progress('heal');
    for (const [f, r] of [...active]) {
      if (r.untilJudged) continue;
      active.delete(f);
      await r.heal();
      world.history.fault('stop', faultTarget(f), `healed: ${r.description}`);
    }
    await world.settle();
    // The SUT's own reconciliation against the settlement reports, wrong ones included.
    const discrepancies = world.driver.discrepancies ? await world.driver.discrepancies().catch(() => undefined) : undefined;
    for (const [f, r] of [...active]) {
      active.delete(f);
      await r.heal();
      world.history.fault('stop', faultTarget(f), `healed after judging: ${r.description}`);
    }
    world.history.phase('liveness');
    progress('liveness');
    // Only this drill's payments: a world the user keeps running holds earlier runs' payments too.
    const mine = new Set(world.history.events.flatMap((e) => (e.type === 'invoke' ? [e.reference] : [])));
    const final = (await world.driver.list()).filter((p) => mine.has(p.reference));
    world.history.phase('final');
    return { final, payments: flows.length, discrepancies };
  });

  progress('check');
  const ledger = await world.ledger();
  const run: RunRecord = { seed: o.seed, history: world.history.events, ledger, final: result.final, livenessBoundMs: 60_000 };
  const checkers = drill.invariants === 'all' ? undefined : drill.invariants.map((name) => CHECKERS[name]);
  const invariants = checkAll(run, checkers);
  const violations = violationsOf(invariants);
  const kpis = measureKpis(run, invariants, await world.webhookLagP95Ms(), result.discrepancies?.length ?? null);
  const criteria = judge(drill.pass, kpis);
  return {
    drill: drill.name,
    world: world.kind,
    seed: o.seed,
    passed: violations.length === 0 && criteria.every((c) => c.ok),
    durationMs: world.now() - started,
    payments: result.payments,
    faultsApplied: applied,
    faultsSkipped: skipped,
    invariants,
    violations,
    kpis,
    criteria,
    historyDigest: historyDigest(run.history),
    record: run,
  };
}

interface PaymentPlan {
  reference: string;
  provider: 'stripe' | 'adyen' | 'auto';
  amount: number;
  declined: boolean;
}

function planPayment(drill: Drill, i: number, random: RandomSource, runTag: string): PaymentPlan {
  const providers = drill.traffic.providers;
  return {
    reference: `${drill.name}-${runTag ? `${runTag}-` : ''}${i}`,
    provider: providers[Math.floor(random.next() * providers.length)]!,
    amount: 500 + Math.floor(random.next() * 19_500),
    declined: random.next() < (drill.traffic.declineRate ?? 0),
  };
}

type Recorder = (op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>) => Promise<Completion>;

/** One payment: authorize, then the follow-ups in order; a merchant retry re-sends with the same key. */
async function paymentFlow(drill: Drill, driver: Driver, plan: PaymentPlan, record: Recorder, random: RandomSource): Promise<void> {
  const t = drill.traffic;
  const twice = async (op: OperationName, args: Record<string, unknown>, call: () => Promise<Completion>): Promise<Completion> => {
    const first = await record(op, plan.reference, args, call);
    // A merchant retry: same request, same Idempotency-Key (after a timeout, or just a double click).
    if (random.next() < (t.retryRate ?? 0)) return record(op, plan.reference, { ...args, retry: true }, call);
    return first;
  };
  const authArgs = {
    reference: plan.reference,
    amount: plan.amount,
    currency: 'EUR',
    provider: plan.provider,
    paymentMethod: plan.declined ? 'pm_card_chargeDeclinedInsufficientFunds' : 'pm_card_visa',
    capture: t.capture,
    idempotencyKey: `${plan.reference}-authorize`,
  } as const;
  const auth = await twice('authorize', authArgs, () => driver.authorize(authArgs));
  if (auth.type !== 'ok' || !['authorized', 'captured'].includes(auth.value.status)) return;
  const id = auth.value.paymentId;
  let captured = auth.value.status === 'captured' ? plan.amount : 0;
  for (const [n, step] of t.followUps.entries()) {
    const key = `${plan.reference}-${step}-${n}`;
    let c: Completion;
    switch (step) {
      case 'capture':
      case 'partial_capture': {
        const amount = step === 'partial_capture' ? Math.max(1, Math.floor(plan.amount / 2)) : undefined;
        c = await twice('capture', { paymentId: id, amount, idempotencyKey: key }, () => driver.capture(id, amount, key));
        if (c.type === 'ok') captured = c.value.amounts.captured;
        break;
      }
      case 'refund':
      case 'partial_refund': {
        const amount = step === 'partial_refund' ? Math.max(1, Math.floor(Math.max(captured, 2) / 3)) : undefined;
        c = await twice('refund', { paymentId: id, amount, idempotencyKey: key }, () => driver.refund(id, amount, key));
        break;
      }
      case 'void':
        c = await twice('void', { paymentId: id, idempotencyKey: key }, () => driver.void(id, key));
        break;
    }
    // An indeterminate step leaves the payment to the SUT's recovery: the flow stops there.
    if (c.type === 'info') return;
  }
}

function judge(pass: PassCriteria, k: DrillKpis): CriterionResult[] {
  const out: CriterionResult[] = [];
  const max = (criterion: keyof PassCriteria, measured: number | null) => {
    const limit = pass[criterion];
    if (limit !== undefined) out.push({ criterion, limit, measured, ok: measured === null || measured <= limit });
  };
  max('maxPlatformFailureRate', k.platformFailureRate);
  max('maxDuplicateRate', k.duplicateRate);
  max('maxUnknownAfterHeal', k.unknownAfterHeal);
  max('maxReconciliationMismatchRate', k.reconciliationMismatchRate);
  if (pass.minSettlementDiscrepancies !== undefined) {
    const measured = k.settlementDiscrepancies;
    out.push({ criterion: 'minSettlementDiscrepancies', limit: pass.minSettlementDiscrepancies, measured, ok: measured !== null && measured >= pass.minSettlementDiscrepancies });
  }
  if (pass.minAuthorizationSuccessRate !== undefined) {
    const measured = k.authorizationSuccessRate;
    out.push({ criterion: 'minAuthorizationSuccessRate', limit: pass.minAuthorizationSuccessRate, measured, ok: measured !== null && measured >= pass.minAuthorizationSuccessRate });
  }
  return out;
}

function faultTarget(f: DrillFault): string {
  return f.kind === 'psp' ? `psp:${f.provider}` : f.kind === 'settlement' ? `settlement:${f.provider}` : f.kind === 'network' ? `net:${f.target}` : 'sut';
}

