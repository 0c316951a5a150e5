// Invariant 3, legal history: every status the SUT reported follows the reference state machine;
// nothing goes backwards.
//
// Per SUT payment (completion values name it by paymentId; the reference when they do not):
//  - Reads. Each `ok`/`fail` completion that carries a value is a read of the status somewhere
//    between its invoke and its completion; the final view is a read after everything. For two
//    reads that do not overlap (the first completed before the second was invoked) the second
//    status must be reachable from the first through the state machine (staying put is fine).
//    Reachable rather than one edge: between two reads the payment may pass through states nobody
//    read. Overlapping reads (concurrent operations) can be linearized either way, so they are
//    not compared. A merchant retry (same operation, same idempotency key) may be answered with the
//    saved response of the first request, so its read starts at that first request's invoke.
//  - The SUT's own history (PaymentObservation.history, when given): it claims to be every status,
//    so each consecutive distinct pair must be one edge (canTransition), and the final status must
//    be reachable from its last entry.
// The state machine is spec's, not the core's: the core is judged by a table it does not share.
// A status outside STATUSES cannot be judged: that payment is skipped and the result is `unknown`
// (a foreign SUT) unless something else is a violation.
import { canTransition, isStatus, reachable, type PaymentStatus } from '../../spec/index.ts';
import type { CompleteEvent, RunRecord } from '../history/types.ts';
import type { PaymentObservation } from '../driver/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { operations } from './correlate.ts';
import { timeline } from './timeline.ts';

interface Read {
  status: string;
  /** History positions of the invoke and the completion; the final view reads after everything. */
  from: number;
  to: number;
  event?: CompleteEvent;
  reference: string;
}

const FINAL = Number.MAX_SAFE_INTEGER;

export const legalHistory: Checker = (run: RunRecord): CheckResult => {
  const reads = new Map<string, Read[]>();
  const add = (key: string, r: Read) => {
    const list = reads.get(key) ?? [];
    list.push(r);
    reads.set(key, list);
  };
  // A merchant retry with the same idempotency key may be answered with the saved response of the
  // first request (idempotent replay): its read happened as early as that first request.
  const firstWithKey = new Map<string, number>();
  for (const { invoke, complete } of operations(run.history)) {
    const key = typeof invoke.args.idempotencyKey === 'string' ? `${invoke.reference}|${invoke.op}|${invoke.args.idempotencyKey}` : undefined;
    if (key !== undefined && !firstWithKey.has(key)) firstWithKey.set(key, invoke.index);
    if (!complete || complete.completion.type === 'info') continue;
    const v = complete.completion.value;
    if (!v) continue;
    const from = key !== undefined ? firstWithKey.get(key)! : invoke.index;
    add(v.paymentId || invoke.reference, { status: v.status, from, to: complete.index, event: complete, reference: invoke.reference });
  }
  for (const o of run.final) add(o.paymentId || o.reference, { status: o.status, from: FINAL, to: FINAL, reference: o.reference });

  const violations: Violation[] = [];
  const foreign = new Set<string>();
  const finalById = new Map(run.final.map((o) => [o.paymentId || o.reference, o] as const));
  for (const [id, list] of reads) {
    const final = finalById.get(id);
    const all = [...list.map((r) => r.status), ...(final?.history ?? [])];
    const unknown = all.filter((s) => !isStatus(s));
    if (unknown.length > 0) {
      for (const s of unknown) foreign.add(s);
      continue;
    }
    const v = checkReads(run, id, list) ?? (final ? checkOwnHistory(run, final) : undefined);
    if (v) violations.push(v);
  }
  if (violations.length > 0) return { invariant: 'legal-history', valid: false, violations };
  if (foreign.size > 0) {
    return {
      invariant: 'legal-history',
      valid: 'unknown',
      note: `the SUT reported statuses outside the reference state machine (${[...foreign].sort().join(', ')}); those payments were not judged`,
      violations: [],
    };
  }
  return { invariant: 'legal-history', valid: true, violations: [] };
};

function checkReads(run: RunRecord, id: string, reads: Read[]): Violation | undefined {
  for (let j = 0; j < reads.length; j++) {
    const b = reads[j]!;
    for (let i = 0; i < reads.length; i++) {
      const a = reads[i]!;
      if (!(a.to < b.from)) continue;
      if (reachable(a.status as PaymentStatus, b.status as PaymentStatus)) continue;
      const opIds = new Set([a.event, b.event].filter((e): e is CompleteEvent => e !== undefined).map((e) => e.opId));
      const said = (r: Read) => (r.event ? `\`${r.status}\` (${r.event.op} ${r.event.type} at #${r.event.index})` : `\`${r.status}\` in its final view`);
      return {
        invariant: 'legal-history',
        paymentId: b.reference,
        explanation: `payment ${b.reference} (${id}) went backwards: the SUT reported ${said(a)} and later ${said(b)}; ${a.status} → ${b.status} is not a path of the state machine.`,
        timeline: timeline(run.history, b.reference, { opIds, sutPaymentId: id, toEnd: b.event === undefined }),
      };
    }
  }
  return undefined;
}

function checkOwnHistory(run: RunRecord, final: PaymentObservation): Violation | undefined {
  const h = final.history;
  if (!h || h.length === 0) return undefined;
  for (let i = 1; i < h.length; i++) {
    const from = h[i - 1] as PaymentStatus;
    const to = h[i] as PaymentStatus;
    if (canTransition(from, to)) continue;
    return {
      invariant: 'legal-history',
      paymentId: final.reference,
      explanation: `payment ${final.reference} (${final.paymentId}) records ${from} → ${to} in its own history (${h.join(' → ')}); that is not a transition of the state machine.`,
      timeline: timeline(run.history, final.reference, { sutPaymentId: final.paymentId }),
    };
  }
  const last = h[h.length - 1] as PaymentStatus;
  if (!reachable(last, final.status as PaymentStatus)) {
    return {
      invariant: 'legal-history',
      paymentId: final.reference,
      explanation: `payment ${final.reference} (${final.paymentId}) ends its own history at ${last} but its final status is ${final.status}; ${last} → ${final.status} is not a path of the state machine.`,
      timeline: timeline(run.history, final.reference, { sutPaymentId: final.paymentId }),
    };
  }
  return undefined;
}
