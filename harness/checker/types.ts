// A checker reads a run record and says whether one invariant held, and if not, why, naming the
// payment and the part of the timeline that shows it.
import type { HistoryEvent, RunRecord } from '../history/types.ts';
import type { InvariantName } from '../../spec/index.ts';

export type { InvariantName };

export interface Violation {
  invariant: InvariantName;
  /** The harness's name for the payment (merchant reference), or the PSP id for an orphan. */
  paymentId: string;
  explanation: string;
  /** The history events about this payment that show the violation, in order. */
  timeline: HistoryEvent[];
}

export interface CheckResult {
  invariant: InvariantName;
  valid: true | false | 'unknown';
  /** Why `unknown`, when it is. */
  note?: string;
  violations: Violation[];
}

export type Checker = (run: RunRecord) => CheckResult;
