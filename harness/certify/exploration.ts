// The exploration part of the battery: a short `gauntlet explore` with the team's adapter inside
// the core for its dialect (the generated workload spreads payments over both providers and
// `auto`; the other dialect keeps its built-in adapter). Bounded by a number of runs, never by
// wall time, so the same seed gives the same certificate; the first failing run is reported as
// found, without shrinking, to keep the cost of a failure bounded too.
import type { Store, ProviderName } from '../../core/index.ts';
import { explore } from '../explore/explore.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';

export interface ExplorationResult {
  seed: number;
  runs: number;
  lifecycles: number;
  historyDigest: string;
  violations: { invariant: string; paymentId: string; explanation: string; timeline: string[]; path: string }[];
}

export async function runExploration(o: { seed: number; runs: number; store: Store; dialect: ProviderName; factory: AdapterFactory }): Promise<ExplorationResult> {
  const r = await explore({ seed: o.seed, runs: o.runs, store: o.store, adapterFactories: { [o.dialect]: o.factory }, noShrink: true });
  return {
    seed: r.seed,
    runs: r.runs,
    lifecycles: r.lifecycles,
    historyDigest: r.historyDigest,
    violations: r.violations.map((v) => ({ invariant: v.invariant, paymentId: v.paymentId, explanation: v.explanation, timeline: v.timeline, path: v.path })),
  };
}
