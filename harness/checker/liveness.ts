// Invariant 5, liveness: once faults heal, nothing stays indeterminate. The final view is read
// after the liveness phase (the runner waits `livenessBoundMs` of run time in it); a payment still
// `unknown` or `authorizing` there did not resolve within the bound. Without a `liveness` (or
// `final`) phase event the run never gave the SUT that chance: `unknown`.
// The merchant hears of it too (./merchant-events.ts): every final status the SUT announces has
// at least one merchant event received announcing it. A history with no merchant event at all (a
// world without a merchant receiver, e.g. the live world today, or a SUT that publishes none) makes
// that part silent: it never turns liveness red or unknown.
import type { PhaseEvent, RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { unannouncedFinalStatuses } from './merchant-events.ts';
import { timeline } from './timeline.ts';

const PENDING = new Set(['unknown', 'authorizing']);

export const liveness: Checker = (run: RunRecord): CheckResult => {
  let phase: PhaseEvent | undefined;
  for (const e of run.history) if (e.type === 'phase' && (e.phase === 'liveness' || e.phase === 'final')) phase = e;
  if (!phase) {
    return { invariant: 'liveness', valid: 'unknown', note: 'the history has no liveness phase: the SUT was never given quiet time to resolve what it did not know', violations: [] };
  }
  const violations: Violation[] = [];
  for (const o of run.final) {
    if (!PENDING.has(o.status)) continue;
    violations.push({
      invariant: 'liveness',
      paymentId: o.reference,
      explanation: `payment ${o.reference} (${o.paymentId}${o.provider ? ` on ${o.provider}` : ''}) is still ${o.status} in the final view, read after the ${phase.phase} phase began at t=${phase.t} (bound ${run.livenessBoundMs} ms).`,
      timeline: [...timeline(run.history, o.reference, { sutPaymentId: o.paymentId, providers: [o.provider], maxContext: 4 }), phase].sort((a, b) => a.index - b.index),
    });
  }
  violations.push(...(unannouncedFinalStatuses(run, phase) ?? []));
  return { invariant: 'liveness', valid: violations.length === 0, violations };
};
