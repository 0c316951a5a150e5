// The fault-class half of the battery: every drill of the catalogue that runs in the simulation
// world, narrowed to the adapter's dialect (all traffic on it, the other provider's faults
// dropped), run against the reference core with the team's adapter inside. Each drill is one
// fault class: it passes when no invariant is violated, every pass criterion is met, and the run
// exercised what the drill targets on this dialect (every fault fired, every targeted operation
// reached the PSP); a run that fell short is VACUOUS, which never certifies.
import type { Store, ProviderName } from '../../core/index.ts';
import { loadDrills, type Drill, type DrillFault } from '../../scenarios/index.ts';
import { describeEvent } from '../explore/explore.ts';
import { runDrill, type DrillResult } from '../drill/run-drill.ts';
import { simDrillWorld } from '../drill/sim-drill-world.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';

export type FaultClassStatus = 'pass' | 'fail' | 'vacuous' | 'not_applicable';

export interface FaultClassResult {
  drill: string;
  description: string;
  status: FaultClassStatus;
  /** Why it failed (violations, criteria missed), why it does not apply, or what it applied. */
  explanation: string;
  payments: number;
  faultsApplied: string[];
  faultsSkipped: string[];
  /** Each fault with what it touched; empty when the class did not run. */
  faultHits: { description: string; hits: number; unit: string }[];
  /** What the run fell short of (status vacuous). */
  shortfalls: string[];
  violations: { invariant: string; paymentId: string; explanation: string; timeline: string[] }[];
  criteria: CriterionOutcome[];
  historyDigest: string | null;
}

export interface CriterionOutcome {
  criterion: string;
  limit: number;
  measured: number | null;
  ok: boolean;
  /** What the built-in adapter of the dialect measured in the same drill and seed, when asked. */
  reference?: number | null;
  /** Missed, but no worse than the reference adapter (see RATE_CRITERIA): not held against the adapter. */
  waived?: boolean;
}

/** Why a drill says nothing about an adapter of `dialect`; undefined when it does. */
export function notApplicable(drill: Drill, dialect: ProviderName): string | undefined {
  if (!drill.worlds.includes('sim')) return `runs only in the ${drill.worlds.join(', ')} world`;
  // Failover is the core's routing between two providers, not something one adapter does.
  if (drill.requires.includes('auto_routing') || drill.traffic.providers.every((p) => p === 'auto')) return 'exercises the core routing between providers (auto), not one adapter';
  const kept = drill.faults.filter((f) => keepFault(f, dialect));
  // Traffic of its own (declines, merchant retries) still means something without a fault.
  const ownTraffic = (drill.traffic.declineRate ?? 0) > 0 || (drill.traffic.retryRate ?? 0) > 0;
  if (drill.faults.length > 0 && kept.length === 0 && !ownTraffic) return `every fault of this drill targets the other provider, none ${dialect}`;
  return undefined;
}

/** The drill with all traffic on `dialect` and only the faults that reach it. */
export function forDialect(drill: Drill, dialect: ProviderName): Drill {
  const faults = drill.faults.filter((f) => keepFault(f, dialect));
  // Settlement gaps of the other provider are gone with it: ask for the ones that are left.
  const gaps = faults.filter((f) => f.kind === 'settlement').length;
  const pass = { ...drill.pass };
  if (pass.minSettlementDiscrepancies !== undefined) pass.minSettlementDiscrepancies = Math.min(pass.minSettlementDiscrepancies, gaps);
  if (pass.maxSettlementDiscrepancies !== undefined) pass.maxSettlementDiscrepancies = Math.min(pass.maxSettlementDiscrepancies, gaps);
  return { ...drill, traffic: { ...drill.traffic, providers: [dialect] }, faults, pass };
}

function keepFault(f: DrillFault, dialect: ProviderName): boolean {
  if (f.kind === 'psp' || f.kind === 'settlement') return f.provider === dialect;
  if (f.kind === 'network') return f.target === dialect || f.target === 'core_webhooks';
  return true;
}

export interface FaultClassRun {
  seed: number;
  store: Store;
  dialect: ProviderName;
  factory: AdapterFactory;
}

/** The catalogue's drills this run covers, in catalogue order; unknown names are an error. */
export function selectDrills(only?: string[]): Drill[] {
  const all = loadDrills();
  if (!only) return all;
  const unknown = only.filter((n) => !all.some((d) => d.name === n));
  if (unknown.length) throw new Error(`no drill ${unknown.map((n) => `"${n}"`).join(', ')} (one of ${all.map((d) => d.name).join(', ')})`);
  return all.filter((d) => only.includes(d.name));
}

/**
 * Throughput criteria (platform failure rate, authorization success rate) measure the core's
 * retry budget and circuit breaker as much as the adapter, and the drills set them for traffic
 * split over two providers. With every payment on one dialect the reference adapter itself can
 * miss them (all of Stripe's traffic behind one breaker in slow-provider), so a missed one counts
 * against the adapter only when it does worse than the built-in adapter of its dialect in the same
 * drill and seed, by more than this. The other criteria and every invariant are absolute.
 */
export const RATE_CRITERIA: readonly string[] = ['maxPlatformFailureRate', 'minAuthorizationSuccessRate'];
export const REFERENCE_TOLERANCE = 0.05;

/** A missed throughput criterion beside the reference adapter's measure of it: waived when no worse. */
export function againstReference(c: Pick<CriterionOutcome, 'criterion' | 'measured'>, reference: number | null): { reference: number | null; waived: boolean } {
  if (reference === null || c.measured === null) return { reference, waived: false };
  const noWorse = c.criterion.startsWith('max') ? c.measured <= reference + REFERENCE_TOLERANCE : c.measured >= reference - REFERENCE_TOLERANCE;
  return { reference, waived: noWorse };
}

async function runOnce(drill: Drill, o: { seed: number; store: Store; dialect: ProviderName; factory?: AdapterFactory }): Promise<DrillResult> {
  const world = await simDrillWorld({ seed: o.seed, store: o.store, ...(o.factory ? { adapterFactories: { [o.dialect]: o.factory } } : {}) });
  try {
    return await runDrill(forDialect(drill, o.dialect), world, { seed: o.seed });
  } finally {
    await world.close();
  }
}

export async function runFaultClass(drill: Drill, o: FaultClassRun): Promise<FaultClassResult> {
  const base = { drill: drill.name, description: drill.description, payments: 0, faultsApplied: [], faultsSkipped: [], faultHits: [], shortfalls: [], violations: [], criteria: [], historyDigest: null };
  const why = notApplicable(drill, o.dialect);
  if (why) return { ...base, status: 'not_applicable', explanation: `not applicable: ${why}` };
  const r = await runOnce(drill, o);
  if (r.verdict === 'not_applicable') return { ...base, status: 'not_applicable', explanation: `not applicable: ${r.notApplicable}` };
  const criteria: CriterionOutcome[] = r.criteria.map((c) => ({ criterion: c.criterion, limit: c.limit, measured: c.measured, ok: c.ok }));
  const missedRates = criteria.filter((c) => !c.ok && RATE_CRITERIA.includes(c.criterion));
  if (missedRates.length) {
    // The built-in adapter in the same drill and seed; the store serves both runs in turn (each world empties it first).
    const ref = await runOnce(drill, { seed: o.seed, store: o.store, dialect: o.dialect });
    for (const c of missedRates) Object.assign(c, againstReference(c, ref.criteria.find((x) => x.criterion === c.criterion)?.measured ?? null));
  }
  const passed = r.violations.length === 0 && criteria.every((c) => c.ok || c.waived);
  const vacuous = passed && r.shortfalls.length > 0;
  return {
    ...base,
    status: vacuous ? 'vacuous' : passed ? 'pass' : 'fail',
    explanation: vacuous ? `vacuous, it proved nothing about this adapter: ${r.shortfalls.join('; ')}` : explain(r, criteria, passed),
    faultHits: r.faults.map((f) => ({ description: f.description, hits: f.hits, unit: f.unit })),
    shortfalls: r.shortfalls,
    payments: r.payments,
    faultsApplied: r.faultsApplied,
    faultsSkipped: r.faultsSkipped,
    violations: r.violations.map((v) => ({ invariant: v.invariant, paymentId: v.paymentId, explanation: v.explanation, timeline: v.timeline.map(describeEvent) })),
    criteria,
    historyDigest: r.historyDigest,
  };
}

const fmt = (x: number | null) => (x === null ? 'n/a' : String(Math.round(x * 10_000) / 10_000));

function explain(r: DrillResult, criteria: CriterionOutcome[], passed: boolean): string {
  const waived = criteria.filter((c) => c.waived).map((c) => `${c.criterion} measured ${fmt(c.measured)} against ${c.limit}, as the reference adapter did (${fmt(c.reference ?? null)}) with all traffic on one provider`);
  const note = waived.length ? ` (missed like the reference adapter, so not held against this one: ${waived.join('; ')})` : '';
  if (passed) return `${r.payments} payments under ${r.faultsApplied.length ? r.faultsApplied.join('; ') : 'no fault (its own traffic)'}: every invariant held and every criterion was met${note}`;
  const byInvariant = new Map<string, string[]>();
  for (const v of r.violations) byInvariant.set(v.invariant, [...(byInvariant.get(v.invariant) ?? []), v.explanation]);
  const parts = [...byInvariant].map(([inv, list]) => `${inv} violated ${list.length}× (first: ${list[0]})`);
  const missed = criteria.filter((c) => !c.ok && !c.waived);
  if (missed.length) parts.push(`criteria missed: ${missed.map((c) => `${c.criterion} measured ${fmt(c.measured)} against ${c.limit}${c.reference !== undefined ? ` (reference adapter: ${fmt(c.reference)})` : ''}`).join(', ')}`);
  return parts.join('; ') + note;
}
