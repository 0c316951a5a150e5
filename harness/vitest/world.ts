// A simulator world for a team's own tests, with no test framework in it: the Gauntlet PSP
// simulators as real HTTP servers on loopback (any port free; wall clock; webhooks delivered to
// the team's service), their fault plans, their ledgers (the ground truth of money moved), and the
// checkers run over those ledgers. `gauntletWorld()` in ./fixture.ts wires it into vitest's hooks;
// this file is what it wraps, usable from any runner (node:test, jest, a script).
import { type FaultPlan, type FaultPlanSchema, validatePlan } from '../../simulators/index.ts';
import { ALL_CHECKERS, checkAll, noDoubleMoney, violationsOf, type CheckResult, type Checker, type Violation } from '../checker/index.ts';
import { ledgerOf, type HistoryEvent, type LedgerMovement, type RunRecord } from '../history/index.ts';
import type { PaymentObservation } from '../driver/index.ts';
import { startLiveSimulator, type Dialect, type LiveSimulator } from '../live/simulators.ts';
import type { z } from 'zod';

export type Provider = Dialect;
export const PROVIDERS: readonly Provider[] = ['stripe', 'adyen'];

/** A fault plan as a person writes it (defaults such as `times` may be left out). */
export type FaultPlanInput = z.input<typeof FaultPlanSchema>;

export interface GauntletWorldOptions {
  /** The PSPs to simulate (default: Stripe only). */
  providers?: readonly Provider[];
  /** Seeds the simulators' random choices (ids, probabilistic faults). Default 1. */
  seed?: number;
  /** A fault plan per provider, in force from the start. */
  faults?: Partial<Record<Provider, FaultPlanInput>>;
  /** Where each PSP sends its webhooks: your service's endpoint (none by default). */
  webhookUrl?: Partial<Record<Provider, string>>;
  /** Stripe's `whsec_…` endpoint secret / Adyen's HMAC key (hex); fresh random ones by default. */
  signingSecret?: Partial<Record<Provider, string>>;
}

/** One running simulator. */
export interface SimulatedProvider {
  readonly provider: Provider;
  /** Base URL: Stripe's API base, or Adyen Checkout's. */
  readonly url: string;
  readonly port: number;
  /** stripe-node's options to reach it: `new Stripe(key, { ...world.stripe.sdkOptions })`. */
  readonly sdkOptions: { host: string; port: number; protocol: 'http' };
  /** What its webhooks are signed with: Stripe's endpoint secret, or Adyen's HMAC key. */
  readonly signingSecret: string;
  /** Replaces its fault plan (validated: a bad plan throws naming each problem). */
  setFaults(plan: FaultPlanInput): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** How many times each rule matched and was applied so far (a fault that never fired proved nothing). */
  faultsApplied(): { rules: { id: string; matched: number; applied: number; exhausted: boolean }[] };
  /** Its ledger: every money movement it performed. */
  ledger(): LedgerMovement[];
  /** Forgets payments, money, keys, faults and deliveries (between tests). */
  reset(): void;
}

/** What your test knows besides the ledgers; with neither, the checks are per PSP payment. */
export interface Observed {
  /**
   * The merchant operations your test asked your service for: one entry per logical operation,
   * however often the service retried it. `reference` is what the service sends the PSP as Stripe's
   * `metadata.reference` or Adyen's `reference`. With them the checker also judges per payment:
   * two PSP charges for one asked authorization, two captures for one asked capture.
   */
  operations?: readonly AskedOperation[];
  /** A harness history (a driver's invokes and completions), when the test recorded one. */
  history?: HistoryEvent[];
  /** Your service's final view of each payment. */
  final?: PaymentObservation[];
  /** Bound (ms) within which nothing may stay unknown after healing (liveness). Default 30 s. */
  livenessBoundMs?: number;
}

export interface AskedOperation {
  reference: string;
  op: 'authorize' | 'capture' | 'refund' | 'void';
  /** The merchant's idempotency key for it, when it had one (entries with one key are one operation). */
  idempotencyKey?: string;
  /** An authorization that also captures (Stripe's automatic capture): its capture was asked too. */
  capture?: 'automatic' | 'manual';
}

export interface GauntletWorld {
  readonly providers: readonly Provider[];
  readonly seed: number;
  /** The simulator of one provider; throws if the world was not started with it. */
  provider(name: Provider): SimulatedProvider;
  readonly stripe: SimulatedProvider;
  readonly adyen: SimulatedProvider;
  /** Every simulator's ledger, together. */
  ledger(): LedgerMovement[];
  /** Runs checkers (default: all seven) over the ledgers and what you observed. */
  check(observed?: Observed, checkers?: readonly Checker[]): CheckResult[];
  /** Throws, explaining each, if any PSP moved money twice (invariant 1), judged by the ledgers. */
  expectNoDoubleMoney(observed?: Observed): void;
  /** Throws, explaining each, if any invariant is violated over the ledgers and what you observed. */
  expectInvariants(observed: Observed, checkers?: readonly Checker[]): void;
  /** Stops every simulator (idempotent). */
  close(): Promise<void>;
}

/** The checkers found a violation: each is in `violations`, explained in the message. */
export class InvariantViolation extends Error {
  readonly violations: Violation[];
  constructor(violations: Violation[]) {
    super(`${violations.length} invariant violation${violations.length === 1 ? '' : 's'}:\n${violations.map((v) => `- ${v.invariant}: ${v.explanation}`).join('\n')}`);
    this.violations = violations;
    this.name = 'InvariantViolation';
  }
}

export async function startGauntletWorld(options: GauntletWorldOptions = {}): Promise<GauntletWorld> {
  const providers: Provider[] = [...new Set<Provider>(options.providers ?? ['stripe'])];
  for (const p of providers) if (!PROVIDERS.includes(p)) throw new TypeError(`gauntlet world: unknown provider "${String(p)}" (one of ${PROVIDERS.join(', ')})`);
  if (providers.length === 0) throw new TypeError('gauntlet world: providers is empty; give at least one of stripe, adyen');
  const seed = options.seed ?? 1;
  // Every plan is checked before anything starts, so a typo never leaves a server running.
  const plans = new Map(providers.map((p) => [p, options.faults?.[p] === undefined ? undefined : parsePlan(options.faults[p], p)]));
  const started: LiveSimulator[] = [];
  try {
    for (const dialect of providers) {
      const secret = options.signingSecret?.[dialect];
      const plan = plans.get(dialect);
      started.push(
        await startLiveSimulator({
          dialect,
          port: 0,
          seed,
          ...(options.webhookUrl?.[dialect] !== undefined ? { webhookUrl: options.webhookUrl[dialect] } : {}),
          ...(secret !== undefined ? (dialect === 'stripe' ? { webhookSecret: secret } : { hmacKey: secret }) : {}),
          ...(plan ? { plan } : {}),
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
  const handles = new Map(started.map((s) => [s.dialect, simulated(s)]));
  let closed: Promise<void> | undefined;
  const provider = (name: Provider): SimulatedProvider => {
    const h = handles.get(name);
    if (!h) throw new Error(`gauntlet world: no ${name} simulator in this world (started: ${providers.join(', ')}); add it to providers`);
    return h;
  };
  const ledger = () => ledgerOf(started.map((s) => s.sim));
  const record = (o: Observed = {}): RunRecord => ({ seed, history: [...(o.history ?? []), ...invocations(o.operations ?? [], o.history?.length ?? 0)], ledger: ledger(), final: o.final ?? [], livenessBoundMs: o.livenessBoundMs ?? 30_000 });
  const expectNone = (results: CheckResult[]) => {
    const violations = violationsOf(results);
    if (violations.length > 0) throw new InvariantViolation(violations);
  };
  return {
    providers,
    seed,
    provider,
    get stripe() {
      return provider('stripe');
    },
    get adyen() {
      return provider('adyen');
    },
    ledger,
    check: (observed, checkers = ALL_CHECKERS) => checkAll(record(observed), checkers),
    expectNoDoubleMoney: (observed) => expectNone(checkAll(record(observed), [noDoubleMoney])),
    expectInvariants: (observed, checkers = ALL_CHECKERS) => expectNone(checkAll(record(observed), checkers)),
    close: () => (closed ??= Promise.allSettled(started.map((s) => s.stop())).then(() => undefined)),
  };
}

/** The asked operations as the history's invocations (after the given history): what the test asked for. */
function invocations(asked: readonly AskedOperation[], from: number): HistoryEvent[] {
  return asked.map((a, i) => ({
    type: 'invoke',
    index: from + i,
    t: 0,
    process: 0,
    opId: -1 - i,
    op: a.op,
    reference: a.reference,
    args: { ...(a.idempotencyKey !== undefined ? { idempotencyKey: a.idempotencyKey } : {}), ...(a.capture !== undefined ? { capture: a.capture } : {}) },
  }));
}

function simulated(s: LiveSimulator): SimulatedProvider {
  const { port } = s;
  return {
    provider: s.dialect,
    url: s.url,
    port,
    sdkOptions: { host: new URL(s.url).hostname, port, protocol: 'http' },
    signingSecret: s.signingSecret,
    setFaults: (plan) => s.sim.kernel.faults.set(parsePlan(plan, s.dialect)),
    clearFaults: () => s.sim.kernel.faults.clear(),
    faultsApplied: () => ({ rules: s.sim.kernel.faults.current().rules }),
    ledger: () => ledgerOf([s.sim]),
    reset: () => ('reset' in s.sim && typeof s.sim.reset === 'function' ? s.sim.reset() : s.sim.kernel.reset()),
  };
}

function parsePlan(input: unknown, provider: Provider): FaultPlan {
  const v = validatePlan(input);
  if (!v.ok) throw new TypeError(`gauntlet world: the ${provider} fault plan is not valid:\n${v.errors.map((e) => `- ${e}`).join('\n')}`);
  return v.plan;
}
