// What a drill must have exercised for its verdict to mean anything, and what a run fell short of.
// A drill targets operations (authorize and its follow-ups, webhooks when it needs them) on the
// providers its traffic goes to; each must have reached the PSP at least `minPerProvider` times
// with money moved at that PSP, and every fault the drill applied must have touched at least one
// request, delivery, connection or report. A run that falls short is VACUOUS: never a pass.
import type { Drill } from '../../scenarios/index.ts';
import type { CheckResult } from '../checker/types.ts';
import type { DriverCapabilities } from '../driver/types.ts';
import { exercised, type Coverage, type CoveredOperation } from '../history/coverage.ts';

export interface Requirement {
  provider: string;
  operation: CoveredOperation;
  min: number;
}

/** One fault the drill applied, and how much it touched. */
export interface FaultCoverage {
  description: string;
  target: string;
  hits: number;
  /** What was counted: requests, deliveries, settlement reports, or the SUT's operations in the fault's window. */
  unit: string;
  /** Why it never started, when it did not (then `hits` is 0). */
  notStarted?: string;
}

/** The invariants a drill is about: all it checks, webhook integrity only where it needs webhooks. */
export function targetedInvariant(drill: Drill): (invariant: string) => boolean {
  return (invariant) => invariant !== 'webhook-integrity' || drill.requires.includes('webhooks');
}

export function requirements(drill: Drill, caps: DriverCapabilities): Requirement[] {
  const min = drill.exercise?.minPerProvider ?? 1;
  const providers = [...new Set(drill.traffic.providers.flatMap((p) => (p === 'auto' ? caps.providers : [p])))];
  const operations = new Set<CoveredOperation>(['authorize', ...drill.traffic.followUps]);
  if (drill.requires.includes('webhooks')) operations.add('webhook_applied');
  return providers.flatMap((provider) => [...operations].map((operation) => ({ provider, operation, min })));
}

/**
 * `targeted`: the invariants the drill is about; one of them that could not be judged makes the
 * run vacuous (webhook integrity, say, in a drill without webhooks has nothing to judge, rightly).
 */
export function shortfalls(required: readonly Requirement[], coverage: Coverage, faults: readonly FaultCoverage[], unappliable: readonly string[], invariants: readonly CheckResult[], targeted: (invariant: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const r of required) {
    const cell = coverage.find((c) => c.provider === r.provider && c.operation === r.operation);
    if (r.operation === 'webhook_applied') {
      const ok = cell?.ok ?? 0;
      if (ok < r.min) out.push(`${r.provider} webhooks: ${ok} genuine deliver${ok === 1 ? 'y' : 'ies'} accepted by the SUT (${cell?.attempted ?? 0} sent), at least ${r.min} needed`);
      continue;
    }
    const reached = cell ? exercised(cell) : 0;
    const words = r.operation.replace('_', ' ');
    if (reached < r.min) {
      const refused = cell?.refused ? `; the SUT refused ${cell.refused} of ${cell.attempted}${cell.topRefusal ? ` (${cell.topRefusal})` : ''}` : '';
      out.push(`${r.provider} ${words}: ${reached} reached the PSP, at least ${r.min} needed (${cell?.attempted ?? 0} attempted${refused})`);
    } else if (cell?.atPsp === 0) out.push(`${r.provider} ${words}: ${reached} attempted, but the PSP's ledger shows no such money movement`);
  }
  for (const f of faults) if (f.notStarted) out.push(`fault never started: ${f.description}: ${f.notStarted}`);
  else if (f.hits === 0) out.push(`fault never fired: ${f.description} touched no ${f.unit}`);
  for (const u of unappliable) out.push(`fault not applied in this world: ${u}`);
  for (const i of invariants) if (i.valid === 'unknown' && targeted(i.invariant)) out.push(`${i.invariant} could not be judged${i.note ? `: ${i.note}` : ''}`);
  return out;
}
