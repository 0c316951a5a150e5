// Runs one drill in a world: the safety phase starts payments at the drill's rate, each a flow
// (authorize, then the follow-ups, with merchant retries on the same key), while the fault
// schedule starts and heals faults on time; then every fault heals, the world settles (webhooks,
// reconciliation), the SUT's final view is read, the drill's invariants are checked and its KPIs
// measured against the pass criteria.
//
// A green must be earned: before running, the drill is narrowed to what the SUT's driver declares
// (or found NOT APPLICABLE, with the reason); after it, what the run exercised (coverage per
// provider × operation, hits per fault) is held against what the drill targets, and a run that
// falls short is VACUOUS, never a pass.
import { durationMs, POLICY_CRITERIA, type Drill, type DrillFault, type PassCriteria } from '../../scenarios/index.ts';
import { seededRandom, type RandomSource } from '../../simulators/index.ts';
import { CHECKERS, checkAll, violationsOf } from '../checker/index.ts';
import type { CheckResult, Violation } from '../checker/types.ts';
import type { Completion } from '../driver/types.ts';
import { historyDigest } from '../history/index.ts';
import { measureCoverage, type Coverage } from '../history/coverage.ts';
import type { FaultEvent, HistoryEvent, OperationName, RunRecord } from '../history/types.ts';
import { applicability } from './applicability.ts';
import type { ActiveFault, DrillWorld } from './drill-world.ts';
import { requirements, shortfalls, targetedInvariant, type FaultCoverage, type Requirement } from './exercise.ts';
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
  /** A resilience-policy threshold (overridable), not a money-safety one; see POLICY_CRITERIA. */
  policy?: boolean;
  /** The limit came from the team's override, not the drill file. */
  overridden?: boolean;
}

/**
 * pass: every invariant held, every criterion met, everything targeted exercised.
 * fail: an invariant was violated or a money criterion missed (a bug; exit 1 in the gate).
 * below_threshold: money was safe, but a resilience-policy threshold was missed.
 * vacuous: the run did not exercise what the drill targets (a fault never fired, an operation
 *   never reached the PSP, an invariant could not be judged): it proves nothing, never a pass.
 * not_applicable: the SUT or the world cannot take part (undeclared capability): skipped.
 */
export type DrillVerdict = 'pass' | 'fail' | 'below_threshold' | 'vacuous' | 'not_applicable';

export interface DrillResult {
  drill: string;
  world: DrillWorld['kind'];
  seed: number;
  verdict: DrillVerdict;
  /** verdict === 'pass'. */
  passed: boolean;
  /** Why the drill was not applicable (verdict not_applicable). */
  notApplicable?: string;
  /** How the drill was narrowed to the SUT's capabilities (traffic or faults left out). */
  notes: string[];
  /** What the run exercised, per provider × operation. */
  coverage: Coverage;
  /** What the drill targets: each must have reached the PSP at least `min` times. */
  required: Requirement[];
  /** Each fault applied, and how much it touched. */
  faults: FaultCoverage[];
  /** What the run fell short of (non-empty: vacuous). */
  shortfalls: string[];
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
  /** A team's own limits for the resilience-policy criteria of this drill (POLICY_CRITERIA only). */
  criteria?: Partial<Pick<PassCriteria, (typeof POLICY_CRITERIA)[number]>>;
  /**
   * Where the safety phase's operations come from: by default the drill's payment flows
   * (`drillTraffic`); a load run brings vegeta, a generated run its own. Everything else (fault
   * schedule, heal, settle, final read, checkers, KPIs, coverage, verdict) is this runner's.
   */
  traffic?: TrafficSource;
}

/** Records one operation on the SUT in the history, counted in the run's progress. */
export type Recorder = (op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>) => Promise<Completion>;

/** What a traffic source gets: the world, the drill as narrowed to the SUT, and the safety phase's bounds. */
export interface TrafficContext {
  drill: Drill;
  world: DrillWorld;
  record: Recorder;
  /** The run's seeded random stream (the default traffic's draws depend on its order). */
  random: RandomSource;
  /** When the safety phase started (world time). */
  started: number;
  /** How long the safety phase lasts: the traffic should be over by `started + safetyMs`. */
  safetyMs: number;
  /** Reports progress (phase safety). */
  progress(): void;
  /**
   * When each fault's start was asked for, keyed by its start event: the event is stamped once
   * the world confirms the fault, and a source that writes its operations into the history after
   * the fact (vegeta's results) orders them against this moment, so a correct SUT is never
   * blamed at the fault's edges.
   */
  faultAsked: ReadonlyMap<FaultEvent, number>;
}

/** The safety phase's operations; returns how many payments it started. */
export type TrafficSource = (ctx: TrafficContext) => Promise<{ payments: number }>;

/** Bound on payments in flight at once in one drill. */
const MAX_IN_FLIGHT = 64;

export async function runDrill(declared: Drill, world: DrillWorld, o: RunDrillOptions): Promise<DrillResult> {
  const caps = world.driver.capabilities;
  const fit = applicability(declared, caps, { canRestart: world.canRestart });
  if (!fit.applicable) return notApplicable(declared, world, o.seed, fit.reason);
  const drill = fit.drill;
  const random = seededRandom(o.seed);
  const started = world.now();
  const safetyMs = durationMs(drill.traffic.duration);
  const active = new Map<DrillFault, ActiveFault>();
  const applied: string[] = [];
  const skipped: string[] = [];
  /** Each fault healed, in order: its hits, or the window whose operations are counted once the history is complete. */
  const touched: ({ description: string; target: string } & ({ hits: number; unit: string } | { fault: DrillFault; from: number; to: number }))[] = [];
  const windows = new Map<DrillFault, { from: number; to?: number }>();
  const faultAsked = new Map<FaultEvent, number>();
  let aborted = false;
  /** Records how much a fault touched, then heals it. */
  const heal = async (f: DrillFault, r: ActiveFault, how: string) => {
    const hits = r.hits ? await r.hits() : undefined;
    const w = windows.get(f) ?? { from: started };
    touched.push({ description: r.description, target: faultTarget(f), ...(hits !== undefined ? { hits, unit: r.unit ?? 'requests' } : { fault: f, from: w.from, to: w.to ?? world.now() }) });
    await r.heal();
    world.history.fault('stop', faultTarget(f), `${how}: ${r.description}`);
  };
  let operations = 0;
  let errors = 0;
  const progress = (phase: DrillProgress['phase']) =>
    o.onProgress?.({ phase, elapsedMs: world.now() - started, operations, errors, activeFaults: [...active.values()].map((f) => f.description) });

  const record: Recorder = async (op, reference, args, call) => {
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
    if (aborted) return;
    const before = world.now();
    const started_ = await world.startFault(f);
    if ('unsupported' in started_) {
      skipped.push(started_.unsupported);
      return;
    }
    // A SIGKILL is over when the SUT is back: what it hit is what was in flight across it.
    const r: ActiveFault = f.kind === 'process' && !started_.hits ? { ...started_, unit: "of the SUT's operations in flight" } : started_;
    active.set(f, r);
    windows.set(f, { from: before, ...(f.kind === 'process' && !started_.hits ? { to: world.now() } : {}) });
    applied.push(r.description);
    faultAsked.set(world.history.fault('start', faultTarget(f), r.description, f), before);
    progress('safety');
    if (f.for === undefined) return; // healed with everything else after the safety phase
    await sleepUntil(started + durationMs(f.at) + durationMs(f.for));
    if (active.delete(f)) await heal(f, r, 'healed');
  };

  const traffic = o.traffic ?? drillTraffic;
  const result = await world.run(async () => {
    world.history.phase('safety');
    const faults = Promise.all(drill.faults.filter((f) => durationMs(f.at) < safetyMs).map((f) => faultTask(f)));
    // A fault that fails to start fails the run once the traffic is over (awaited below), not the process meanwhile.
    faults.catch(() => undefined);
    let payments: number;
    try {
      ({ payments } = await traffic({ drill, world, record, random, started, safetyMs, progress: () => progress('safety'), faultAsked }));
    } catch (err) {
      // The traffic could not run (a load tool failed): no fault may outlive the run.
      aborted = true;
      await faults.catch(() => undefined);
      for (const [f, r] of [...active]) {
        active.delete(f);
        await r.heal().catch(() => undefined);
      }
      throw err;
    }
    await sleepUntil(started + safetyMs);
    await faults;

    world.history.phase('heal');
    progress('heal');
    for (const [f, r] of [...active]) {
      if (r.untilJudged) continue;
      active.delete(f);
      await heal(f, r, 'healed');
    }
    await world.settle();
    // The SUT's own reconciliation against the settlement reports, wrong ones included.
    const discrepancies = world.driver.discrepancies ? await world.driver.discrepancies().catch(() => undefined) : undefined;
    for (const [f, r] of [...active]) {
      active.delete(f);
      await heal(f, r, 'healed after judging');
    }
    world.history.phase('liveness');
    progress('liveness');
    // Only this drill's payments: a world the user keeps running holds earlier runs' payments too.
    const mine = new Set(world.history.events.flatMap((e) => (e.type === 'invoke' ? [e.reference] : [])));
    const final = (await world.driver.list()).filter((p) => mine.has(p.reference));
    world.history.phase('final');
    return { final, payments, discrepancies };
  });

  progress('check');
  // A fault the world cannot count (a toxic, a SIGKILL) touched the operations across its window.
  const faultCoverage: FaultCoverage[] = touched.map((t) =>
    'fault' in t
      ? { description: t.description, target: t.target, hits: operationsInWindow(world.history.events, t.from, t.to, t.fault), unit: t.fault.kind === 'process' ? "of the SUT's operations in flight" : "of the SUT's operations in its window" }
      : { description: t.description, target: t.target, hits: t.hits, unit: t.unit },
  );
  const ledger = await world.ledger();
  const run: RunRecord = { seed: o.seed, history: world.history.events, ledger, final: result.final, livenessBoundMs: 60_000 };
  const checkers = drill.invariants === 'all' ? undefined : drill.invariants.map((name) => CHECKERS[name]);
  const invariants = checkAll(run, checkers);
  const violations = violationsOf(invariants);
  const kpis = measureKpis(run, invariants, await world.webhookLagP95Ms(), result.discrepancies?.length ?? null, drill.pass.maxEarlyRetries !== undefined ? await world.earlyRetries() : null);
  const criteria = judge(drill.pass, o.criteria ?? {}, kpis);
  const coverage = measureCoverage(run);
  const required = requirements(drill, caps);
  const short = shortfalls(required, coverage, faultCoverage, skipped, invariants, targetedInvariant(drill));
  const verdict: DrillVerdict =
    violations.length > 0 || criteria.some((c) => !c.ok && !c.policy) ? 'fail' : short.length > 0 ? 'vacuous' : criteria.some((c) => !c.ok) ? 'below_threshold' : 'pass';
  return {
    drill: drill.name,
    world: world.kind,
    seed: o.seed,
    verdict,
    passed: verdict === 'pass',
    notes: fit.notes,
    coverage,
    required,
    faults: faultCoverage,
    shortfalls: short,
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

/**
 * The drill's own traffic: payments started at its rate for the safety phase, each a flow
 * (authorize, then the follow-ups, with merchant retries on the same key).
 */
export const drillTraffic: TrafficSource = async ({ drill, world, record, random, started, safetyMs, progress }) => {
  const maxPayments = Math.min(drill.traffic.maxPayments ?? 10_000, Math.max(1, Math.floor((safetyMs / 1000) * drill.traffic.rate)));
  const sleepUntil = async (t: number) => {
    const wait = t - world.now();
    if (wait > 0) await world.sleep(wait);
  };
  const flows: Promise<void>[] = [];
  let inFlight = 0;
  for (let i = 0; i < maxPayments; i++) {
    await sleepUntil(started + Math.floor((i * 1000) / drill.traffic.rate));
    if (world.now() - started >= safetyMs) break;
    while (inFlight >= MAX_IN_FLIGHT) await world.sleep(50);
    inFlight += 1;
    const plan = planPayment(drill, i, random, world.runTag);
    flows.push(paymentFlow(drill, world, plan, record, random).finally(() => (inFlight -= 1)));
    if (i % 5 === 0) progress();
  }
  await Promise.all(flows);
  return { payments: flows.length };
};

interface PaymentPlan {
  reference: string;
  provider: 'stripe' | 'adyen' | 'auto';
  amount: number;
  declined: boolean;
  /** The previous payment's authorize key, sent first by mistake (traffic.keyReuseRate). */
  reusedKey?: string;
  /** ISO 4217; amounts are in its minor unit (whole yen for JPY, which has none). */
  currency: string;
}

function planPayment(drill: Drill, i: number, random: RandomSource, runTag: string): PaymentPlan {
  const providers = drill.traffic.providers;
  const reference = (n: number) => `${drill.name}-${runTag ? `${runTag}-` : ''}${n}`;
  const plan: PaymentPlan = {
    reference: reference(i),
    provider: providers[Math.floor(random.next() * providers.length)]!,
    amount: 500 + Math.floor(random.next() * 19_500),
    declined: random.next() < (drill.traffic.declineRate ?? 0),
    currency: 'EUR',
  };
  // Drawn only when the drill names several, so other drills keep their random stream.
  const currencies = drill.traffic.currencies ?? [];
  if (currencies.length > 1) plan.currency = currencies[Math.floor(random.next() * currencies.length)]!;
  else if (currencies.length === 1) plan.currency = currencies[0]!;
  // Drawn only when the drill asks for it, so other drills keep their random stream.
  if (drill.traffic.keyReuseRate && i > 0 && random.next() < drill.traffic.keyReuseRate) plan.reusedKey = `${reference(i - 1)}-authorize`;
  return plan;
}

/** How long a merchant waits for a capture the PSP confirms later (Adyen) before refunding anyway. */
const CAPTURE_CONFIRMATION_MS = 10_000;
const CAPTURE_POLL_MS = 250;

/** One payment: authorize, then the follow-ups in order; a merchant retry re-sends with the same key. */
async function paymentFlow(drill: Drill, world: DrillWorld, plan: PaymentPlan, record: Recorder, random: RandomSource): Promise<void> {
  const driver = world.driver;
  const t = drill.traffic;
  const twice = merchantRetries(record, plan, random, t.retryRate);
  const authArgs = {
    reference: plan.reference,
    amount: plan.amount,
    currency: plan.currency,
    provider: plan.provider,
    paymentMethod: plan.declined ? 'pm_card_chargeDeclinedInsufficientFunds' : 'pm_card_visa',
    capture: t.capture,
    idempotencyKey: `${plan.reference}-authorize`,
  } as const;
  if (plan.reusedKey) {
    // The merchant's bug: this payment's request under another payment's key. A refusal is right
    // (durability flags an answer about the other payment); then the real request follows.
    const reused = { ...authArgs, idempotencyKey: plan.reusedKey };
    const first = await record('authorize', plan.reference, { ...reused, reusedKey: true }, () => driver.authorize(reused));
    // A SUT that scopes keys by request may take it as this payment's own: then it is the authorization.
    if (first.type === 'ok' && first.value.reference === plan.reference) return followUps(drill, world, plan, record, random, first);
  }
  const auth = await twice('authorize', authArgs, () => driver.authorize(authArgs));
  return followUps(drill, world, plan, record, random, auth);
}

/** Sends an operation; a merchant retry re-sends it with the same Idempotency-Key (after a timeout, or a double click). */
function merchantRetries(record: Recorder, plan: PaymentPlan, random: RandomSource, retryRate: number | undefined) {
  return async (op: OperationName, args: Record<string, unknown>, call: () => Promise<Completion>): Promise<Completion> => {
    const first = await record(op, plan.reference, args, call);
    if (random.next() < (retryRate ?? 0)) return record(op, plan.reference, { ...args, retry: true }, call);
    return first;
  };
}

/** What follows an authorization: the drill's follow-ups in order, while the payment stays determinate. */
async function followUps(drill: Drill, world: DrillWorld, plan: PaymentPlan, record: Recorder, random: RandomSource, auth: Completion): Promise<void> {
  const driver = world.driver;
  const t = drill.traffic;
  const twice = merchantRetries(record, plan, random, t.retryRate);
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
        // A real merchant refunds what the PSP confirmed it captured: where the capture answer
        // only said "received" (Adyen), wait for the confirmation the way its dashboard would.
        if (captured === 0) captured = await confirmedCapture(world, id, plan.reference, record);
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

/** Reads the payment until the SUT shows money captured, for a bounded time; what it shows then. */
async function confirmedCapture(world: DrillWorld, id: string, reference: string, record: Recorder): Promise<number> {
  const deadline = world.now() + CAPTURE_CONFIRMATION_MS;
  for (;;) {
    const c = await record('get', reference, { paymentId: id }, () => world.driver.get(id));
    const captured = c.type === 'ok' ? c.value.amounts.captured : 0;
    if (captured > 0 || world.now() >= deadline) return captured;
    await world.sleep(CAPTURE_POLL_MS);
  }
}

function notApplicable(drill: Drill, world: DrillWorld, seed: number, reason: string): DrillResult {
  const record: RunRecord = { seed, history: [], ledger: [], final: [], livenessBoundMs: 60_000 };
  return {
    drill: drill.name,
    world: world.kind,
    seed,
    verdict: 'not_applicable',
    passed: false,
    notApplicable: reason,
    notes: [],
    coverage: [],
    required: [],
    faults: [],
    shortfalls: [],
    durationMs: 0,
    payments: 0,
    faultsApplied: [],
    faultsSkipped: [],
    invariants: [],
    violations: [],
    kpis: measureKpis(record, [], null),
    criteria: [],
    historyDigest: historyDigest([]),
    record,
  };
}

/**
 * The SUT's operations a fault could have touched, where the world cannot count its hits itself
 * (a Toxiproxy toxic, a SIGKILL): operations on the fault's provider (any, for the SUT or its
 * webhook path) whose invoke..completion overlaps the fault's window.
 */
function operationsInWindow(history: readonly HistoryEvent[], from: number, to: number, f: DrillFault): number {
  const provider = f.kind === 'network' && f.target !== 'core_webhooks' ? f.target : f.kind === 'psp' || f.kind === 'settlement' ? f.provider : undefined;
  const providerOf = new Map<string, string>();
  const open = new Map<number, { t: number; reference: string }>();
  let n = 0;
  for (const e of history) {
    if (e.type === 'invoke') {
      open.set(e.opId, { t: e.t, reference: e.reference });
      if (e.op === 'authorize' && typeof e.args.provider === 'string') providerOf.set(e.reference, e.args.provider);
    } else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const inv = open.get(e.opId);
      const seen = e.completion.type !== 'info' ? e.completion.value?.provider : undefined;
      if (seen) providerOf.set(e.reference, seen.toLowerCase());
      if (!inv || e.op === 'get') continue;
      const overlaps = inv.t <= to && e.t >= from;
      if (overlaps && (provider === undefined || providerOf.get(e.reference) === provider)) n += 1;
    } else if (e.type === 'webhook' && f.kind === 'network' && f.target === 'core_webhooks' && e.t >= from && e.t <= to) n += 1;
  }
  return n;
}

function judge(pass: PassCriteria, overrides: Partial<PassCriteria>, k: DrillKpis): CriterionResult[] {
  const out: CriterionResult[] = [];
  const policy = (criterion: keyof PassCriteria) => (POLICY_CRITERIA as readonly string[]).includes(criterion);
  const limitOf = (criterion: keyof PassCriteria) => (policy(criterion) && overrides[criterion] !== undefined ? overrides[criterion] : pass[criterion]);
  const extra = (criterion: keyof PassCriteria) => ({ ...(policy(criterion) ? { policy: true } : {}), ...(policy(criterion) && overrides[criterion] !== undefined ? { overridden: true } : {}) });
  const max = (criterion: keyof PassCriteria, measured: number | null) => {
    const limit = limitOf(criterion);
    if (limit !== undefined) out.push({ criterion, limit, measured, ok: measured === null || measured <= limit, ...extra(criterion) });
  };
  max('maxPlatformFailureRate', k.platformFailureRate);
  max('maxDuplicateRate', k.duplicateRate);
  max('maxUnknownAfterHeal', k.unknownAfterHeal);
  max('maxReconciliationMismatchRate', k.reconciliationMismatchRate);
  max('maxSettlementDiscrepancies', k.settlementDiscrepancies);
  max('maxEarlyRetries', k.earlyRetries);
  if (pass.minSettlementDiscrepancies !== undefined) {
    const measured = k.settlementDiscrepancies;
    out.push({ criterion: 'minSettlementDiscrepancies', limit: pass.minSettlementDiscrepancies, measured, ok: measured !== null && measured >= pass.minSettlementDiscrepancies });
  }
  const minAuth = limitOf('minAuthorizationSuccessRate');
  if (minAuth !== undefined) {
    const measured = k.authorizationSuccessRate;
    out.push({ criterion: 'minAuthorizationSuccessRate', limit: minAuth, measured, ok: measured !== null && measured >= minAuth, ...extra('minAuthorizationSuccessRate') });
  }
  return out;
}

function faultTarget(f: DrillFault): string {
  return f.kind === 'psp' ? `psp:${f.provider}` : f.kind === 'settlement' ? `settlement:${f.provider}` : f.kind === 'network' ? `net:${f.target}` : 'sut';
}

