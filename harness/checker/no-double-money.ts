// Invariant 1, no double money.
//
// Per PSP payment (ledger): at most one authorization; captured <= authorized; refunded +
// disputed <= captured.
// Per harness payment (reference), over every provider it touched: at most one live
// authorization (authorized and not voided) per authorize idempotency key the harness used for
// it, so one, unless the harness itself asked for several (the failover trap: a second provider
// charged while the first still holds the money); capture movements <= distinct capture keys the
// harness invoked (+1 per automatic-capture authorize key); refund movements <= distinct refund keys.
// Per SUT payment, in what the SUT reports (completion values, then the final view): captured <=
// authorized and refunded <= captured (an SUT that books a refund the PSP refused shows it here).
import type { PaymentObservation } from '../driver/types.ts';
import type { RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { describePsp, keyOf, money, owners, pspPayments, valueOf, type PspPayment } from './correlate.ts';
import { timeline, type TimelineOptions } from './timeline.ts';

export const noDoubleMoney: Checker = (run: RunRecord): CheckResult => {
  const violations: Violation[] = [];
  const psp = pspPayments(run.ledger);
  const owner = owners(run, psp);
  const add = (paymentId: string, explanation: string, reference: string | undefined, ops: TimelineOptions['ops'], p?: PspPayment) =>
    violations.push({ invariant: 'no-double-money', paymentId, explanation, timeline: timeline(run.history, reference, { ops, providers: p ? [p.provider] : undefined }) });

  for (const p of psp.values()) {
    const ref = owner.get(p.key);
    const who = ref ?? p.paymentId;
    const of = ref !== undefined ? ` (payment ${ref})` : '';
    if (p.authorizations.length > 1) {
      add(who, `${describePsp(p)}${of} was authorized ${p.authorizations.length} times (${p.authorizations.map((m) => `${m.id}: ${money(m.amount, m.currency)}`).join(', ')}); a PSP payment holds one authorization.`, ref, ['authorize'], p);
    }
    if (p.captured > p.authorized) {
      add(who, `${describePsp(p)}${of} captured ${money(p.captured, p.currency)} of an authorization of ${money(p.authorized, p.currency)}.`, ref, ['authorize', 'capture'], p);
    }
    if (p.refunded + p.disputed > p.captured) {
      const disputed = p.disputed > 0 ? ` and lost ${money(p.disputed, p.currency)} to disputes` : '';
      add(who, `${describePsp(p)}${of} refunded ${money(p.refunded, p.currency)}${disputed} of ${money(p.captured, p.currency)} captured.`, ref, ['capture', 'refund'], p);
    }
  }

  // Per harness payment.
  const byRef = new Map<string, PspPayment[]>();
  for (const p of psp.values()) {
    const ref = owner.get(p.key);
    if (ref === undefined) continue;
    const list = byRef.get(ref) ?? [];
    list.push(p);
    byRef.set(ref, list);
  }
  const keys = invokedKeys(run);
  const pspInitiated = pspInitiatedMovements(run);
  for (const [ref, ps] of byRef) {
    const k = keys.get(ref) ?? { authorize: new Set<string>(), automatic: new Set<string>(), capture: new Set<string>(), refund: new Set<string>() };
    const live = ps.filter((p) => p.live);
    const allowedLive = Math.max(1, k.authorize.size);
    if (live.length > allowedLive) {
      add(
        ref,
        `payment ${ref} holds ${live.length} live authorizations (${live.map((p) => `${describePsp(p)}: ${money(p.authorized, p.currency)}`).join(', ')}) for ${allowedLive} authorize request${allowedLive === 1 ? '' : 's'}; every other attempt must be voided.`,
        ref,
        ['authorize', 'void'],
      );
    }
    const captures = ps.flatMap((p) => p.captures);
    const allowedCaptures = k.capture.size + k.automatic.size;
    if (captures.length > allowedCaptures) {
      add(
        ref,
        `payment ${ref} has ${captures.length} capture movements (${captures.map((m) => `${m.id}: ${money(m.amount, m.currency)}`).join(', ')}) for ${k.capture.size} capture idempotency key${k.capture.size === 1 ? '' : 's'}${k.automatic.size > 0 ? ` and ${k.automatic.size} automatic-capture authorization${k.automatic.size === 1 ? '' : 's'}` : ''}.`,
        ref,
        ['authorize', 'capture'],
      );
    }
    // A refund the PSP made on its own (a dashboard refund the nemesis issued) answers no key.
    const refunds = ps.flatMap((p) => p.refunds).filter((m) => !pspInitiated.has(m.id));
    if (refunds.length > k.refund.size) {
      add(
        ref,
        `payment ${ref} has ${refunds.length} refund movements (${refunds.map((m) => `${m.id}: ${money(m.amount, m.currency)}`).join(', ')}) for ${k.refund.size} refund idempotency key${k.refund.size === 1 ? '' : 's'}.`,
        ref,
        ['refund'],
      );
    }
  }
  // What the SUT reports.
  const flagged = new Set<string>();
  const said = (o: PaymentObservation, where: string) => {
    const cur = o.currency;
    const rules: [string, boolean, string][] = [
      ['captured', o.amounts.captured > o.amounts.authorized, `captured ${money(o.amounts.captured, cur)} of ${money(o.amounts.authorized, cur)} authorized`],
      ['refunded', o.amounts.refunded > o.amounts.captured, `refunded ${money(o.amounts.refunded, cur)} of ${money(o.amounts.captured, cur)} captured`],
    ];
    for (const [rule, broken, what] of rules) {
      const key = `${o.paymentId}|${rule}`;
      if (!broken || flagged.has(key)) continue;
      flagged.add(key);
      violations.push({
        invariant: 'no-double-money',
        paymentId: o.reference,
        explanation: `the SUT reports payment ${o.reference} (${o.paymentId}) ${what} ${where}.`,
        timeline: timeline(run.history, o.reference, { sutPaymentId: o.paymentId, ops: rule === 'captured' ? ['authorize', 'capture'] : ['capture', 'refund'], providers: [o.provider] }),
      });
    }
  };
  for (const e of run.history) {
    const v = valueOf(e);
    if (v && (e.type === 'ok' || e.type === 'fail')) said(v, `(${e.op} ${e.type} at #${e.index})`);
  }
  for (const o of run.final) said(o, 'in its final view');
  return { invariant: 'no-double-money', valid: violations.length === 0, violations };
};

interface Keys {
  authorize: Set<string>;
  /** Authorize keys that asked for automatic capture. */
  automatic: Set<string>;
  capture: Set<string>;
  refund: Set<string>;
}

function invokedKeys(run: RunRecord): Map<string, Keys> {
  const out = new Map<string, Keys>();
  for (const e of run.history) {
    if (e.type !== 'invoke') continue;
    let k = out.get(e.reference);
    if (!k) {
      k = { authorize: new Set(), automatic: new Set(), capture: new Set(), refund: new Set() };
      out.set(e.reference, k);
    }
    const key = keyOf(e);
    if (e.op === 'authorize') {
      k.authorize.add(key);
      if (e.args.capture === 'automatic') k.automatic.add(key);
    } else if (e.op === 'capture') k.capture.add(key);
    else if (e.op === 'refund') k.refund.add(key);
  }
  return out;
}

/** The `detail.type` of a fault event recording money the PSP moved on its own (`detail.movementId`). */
export const PSP_INITIATED = 'psp_refund';

/** Ledger movements the history says the PSP made on its own, not at any request of the SUT's. */
function pspInitiatedMovements(run: RunRecord): Set<string> {
  const ids = new Set<string>();
  for (const e of run.history) {
    if (e.type !== 'fault' || e.action !== 'start' || typeof e.detail !== 'object' || e.detail === null) continue;
    const d = e.detail as { type?: unknown; movementId?: unknown };
    if (d.type === PSP_INITIATED && typeof d.movementId === 'string') ids.add(d.movementId);
  }
  return ids;
}
