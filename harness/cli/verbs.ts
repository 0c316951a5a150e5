// The verb table: each verb's one-line summary (the top-level help lists them without loading any
// verb) and how to load it. Each verb's file exports its runner and the spec its flags are parsed
// and its help generated from (command.ts).
import type { ParentSpec, VerbSpec } from './command.ts';
import { VERB_SUMMARIES } from './verb-summaries.ts';

export type Verb = (argv: string[]) => Promise<number>;
export interface LoadedVerb {
  readonly run: Verb;
  readonly spec: VerbSpec | ParentSpec;
}

export const VERBS: Readonly<Record<string, { summary: string; load: () => Promise<LoadedVerb> }>> = {
  demo: { summary: VERB_SUMMARIES['demo']!, load: async () => { const m = await import('./demo.ts'); return { run: m.demo, spec: m.DEMO_SPEC }; } },
  sim: { summary: VERB_SUMMARIES['sim']!, load: async () => { const m = await import('./sim.ts'); return { run: m.sim, spec: m.SIM_SPEC }; } },
  up: { summary: VERB_SUMMARIES['up']!, load: async () => { const m = await import('./up.ts'); return { run: m.up, spec: m.UP_SPEC }; } },
  core: { summary: VERB_SUMMARIES['core']!, load: async () => { const m = await import('./core.ts'); return { run: m.core, spec: m.CORE_SPEC }; } },
  explore: { summary: VERB_SUMMARIES['explore']!, load: async () => { const m = await import('./explore.ts'); return { run: m.exploreCommand, spec: m.EXPLORE_SPEC }; } },
  merge: { summary: VERB_SUMMARIES['merge']!, load: async () => { const m = await import('./merge.ts'); return { run: m.mergeCommand, spec: m.MERGE_SPEC }; } },
  replay: { summary: VERB_SUMMARIES['replay']!, load: async () => { const m = await import('./replay.ts'); return { run: m.replayCommand, spec: m.REPLAY_SPEC }; } },
  selftest: { summary: VERB_SUMMARIES['selftest']!, load: async () => { const m = await import('./selftest.ts'); return { run: m.selftestCommand, spec: m.SELFTEST_SPEC }; } },
  run: { summary: VERB_SUMMARIES['run']!, load: async () => { const m = await import('./run.ts'); return { run: m.runCommand, spec: m.RUN_SPEC }; } },
  contracts: { summary: VERB_SUMMARIES['contracts']!, load: async () => { const m = await import('./contracts.ts'); return { run: m.contracts, spec: m.CONTRACTS_SPEC }; } },
  drill: { summary: VERB_SUMMARIES['drill']!, load: async () => { const m = await import('./drill.ts'); return { run: m.drillCommand, spec: m.DRILL_SPEC }; } },
  gate: { summary: VERB_SUMMARIES['gate']!, load: async () => { const m = await import('./gate.ts'); return { run: m.gateCommand, spec: m.GATE_SPEC }; } },
  certify: { summary: VERB_SUMMARIES['certify']!, load: async () => { const m = await import('./certify.ts'); return { run: m.certifyCommand, spec: m.CERTIFY_SPEC }; } },
  load: { summary: VERB_SUMMARIES['load']!, load: async () => { const m = await import('./load.ts'); return { run: m.loadCommand, spec: m.LOAD_SPEC }; } },
  driver: { summary: VERB_SUMMARIES['driver']!, load: async () => { const m = await import('./driver.ts'); return { run: m.driverCommand, spec: m.DRIVER_SPEC }; } },
  doctor: { summary: VERB_SUMMARIES['doctor']!, load: async () => { const m = await import('./doctor.ts'); return { run: (argv) => m.doctor(argv), spec: m.DOCTOR_SPEC }; } },
  bench: { summary: VERB_SUMMARIES['bench']!, load: async () => { const m = await import('./bench.ts'); return { run: m.bench, spec: m.BENCH_SPEC }; } },
};
