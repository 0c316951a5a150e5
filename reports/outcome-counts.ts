// Per provider × operation, how the SUT's answers split by outcome (outcome.ts): ok, declined by
// the issuer, refused by the SUT, platform failure, indeterminate. Coverage (harness/history/
// coverage.ts) counts the driver's ok / fail / info, where a decline is a 2xx `ok` for one SUT and
// a `fail` for another; the report's tables split them by whose doing they were, read from the
// same history with the same provider routing and the same partial/full operation names.
import type { CoveredOperation, HistoryEvent, InvokeEvent, RunRecord } from '../harness/index.ts';
import { paymentProviders } from '../harness/index.ts';
import { outcomeOf, type Outcome } from './outcome.ts';

export type OutcomeCounts = Record<Exclude<Outcome, 'pending'>, number>;

export const EMPTY_COUNTS: Readonly<OutcomeCounts> = { ok: 0, declined: 0, refused: 0, failed: 0, indeterminate: 0 };

/** Keyed `provider/operation`, as coverage cells are; operations that never completed are not counted (coverage does not count them either). */
export function outcomeCounts(record: Pick<RunRecord, 'history' | 'final'>): Map<string, OutcomeCounts> {
  const routed = paymentProviders(record);
  const invokes = new Map<number, InvokeEvent>();
  const out = new Map<string, OutcomeCounts>();
  for (const e of record.history as readonly HistoryEvent[]) {
    if (e.type === 'invoke') {
      invokes.set(e.opId, e);
      continue;
    }
    if (e.type !== 'ok' && e.type !== 'fail' && e.type !== 'info') continue;
    const invoke = invokes.get(e.opId);
    if (!invoke || invoke.op === 'get') continue;
    const key = `${routed(invoke.reference) ?? 'unrouted'}/${coveredOperation(invoke)}`;
    const counts = out.get(key) ?? { ...EMPTY_COUNTS };
    counts[outcomeOf(e.completion) as keyof OutcomeCounts] += 1;
    out.set(key, counts);
  }
  return out;
}

/** The coverage cell's name for an operation: a capture or refund with an amount is partial. */
function coveredOperation(invoke: InvokeEvent): CoveredOperation {
  const partial = invoke.args.amount !== undefined && invoke.args.amount !== null;
  if (invoke.op === 'capture') return partial ? 'partial_capture' : 'capture';
  if (invoke.op === 'refund') return partial ? 'partial_refund' : 'refund';
  return invoke.op as CoveredOperation;
}
