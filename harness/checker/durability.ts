// Invariant 4, durability: what the SUT acknowledged happened at the PSP and is still in its final
// view (survives crashes and restarts).
//
// For every `ok` completion of a money operation (authorize, capture, refund, void), with value v
// (the PSP payment found by the primary join on v, else the secondary join):
//  - v.status authorized / partially_captured / captured (or v.amounts.authorized > 0): the
//    ledger holds an authorization for it;
//  - v.amounts.captured = C > 0: ledger captures >= C and the final view's captured >= C;
//  - v.amounts.refunded = R > 0: ledger refunds >= R and the final view's refunded >= R;
//  - a `void` acknowledged as voided: the ledger holds a void and the final status is voided.
// For every `ok` completion (reads too): the payment is in the final view.
// An `ok` authorize answered with another payment (its reference differs) acknowledged nothing:
// a merchant key honoured across payments.
// One violation per payment and rule (the first acknowledgement that breaks it).
import type { PaymentObservation } from '../driver/types.ts';
import type { CompleteEvent, RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { finalLookup, join, money, pspPayments, type PspPayment } from './correlate.ts';
import { timeline } from './timeline.ts';

const AUTHORIZED = new Set(['authorized', 'partially_captured', 'captured']);

export const durability: Checker = (run: RunRecord): CheckResult => {
  const psp = pspPayments(run.ledger);
  const finalFor = finalLookup(run);
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const report = (e: CompleteEvent, v: PaymentObservation, rule: string, explanation: string, providers: (string | null)[]) => {
    const key = `${v.paymentId}|${rule}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({ invariant: 'durability', paymentId: e.reference, explanation, timeline: timeline(run.history, e.reference, { sutPaymentId: v.paymentId, toEnd: true, providers, maxContext: 4 }) });
  };

  for (const e of run.history) {
    if (e.type !== 'ok' || e.completion.type !== 'ok') continue;
    const v = e.completion.value;
    const ack = `the SUT acknowledged ${e.op} of ${e.reference} (ok at #${e.index})`;
    // An answer about another payment: the SUT replayed what it stored for a merchant key it had
    // seen with another request (a key honoured across payments). This payment was never made.
    if (e.op === 'authorize' && v.reference !== e.reference) {
      report(e, v, 'other-payment', `${ack}, but answered with another payment, ${v.reference} (${v.paymentId}): a merchant Idempotency-Key reused for a different payment must be refused, not answered with the first payment's result.`, [v.provider]);
      continue;
    }
    const final = finalFor(v.paymentId, e.reference);
    if (!final) {
      report(e, v, 'missing', `${ack} as ${v.status}, but its final view has no payment ${v.paymentId}.`, [v.provider]);
    }
    if (e.op === 'get') continue;
    const ps = join(v, psp).matches;
    const sum = (f: (p: PspPayment) => number) => ps.reduce((s, p) => s + f(p), 0);
    const cur = v.currency;
    if (AUTHORIZED.has(v.status) || v.amounts.authorized > 0) {
      if (!ps.some((p) => p.authorizations.length > 0)) {
        report(e, v, 'authorization', `${ack} as ${v.status} (${money(v.amounts.authorized || v.amount, cur)} authorized), but no PSP ledger holds an authorization for it${v.providerPaymentId ? ` (${v.provider} ${v.providerPaymentId})` : ''}.`, [v.provider]);
      }
    }
    const c = v.amounts.captured;
    if (c > 0) {
      const ledger = sum((p) => p.captured);
      if (ledger < c) report(e, v, 'ledger-captured', `${ack} with ${money(c, cur)} captured, but the PSP ledger shows only ${money(ledger, cur)} captured.`, [v.provider]);
      if (final && final.amounts.captured < c) report(e, v, 'final-captured', `${ack} with ${money(c, cur)} captured, but its final view shows ${money(final.amounts.captured, cur)} captured.`, [v.provider]);
    }
    const r = v.amounts.refunded;
    if (r > 0) {
      const ledger = sum((p) => p.refunded);
      if (ledger < r) report(e, v, 'ledger-refunded', `${ack} with ${money(r, cur)} refunded, but the PSP ledger shows only ${money(ledger, cur)} refunded.`, [v.provider]);
      if (final && final.amounts.refunded < r) report(e, v, 'final-refunded', `${ack} with ${money(r, cur)} refunded, but its final view shows ${money(final.amounts.refunded, cur)} refunded.`, [v.provider]);
    }
    if (e.op === 'void' && v.status === 'voided') {
      if (!ps.some((p) => p.voided)) report(e, v, 'ledger-void', `${ack} as voided, but no PSP ledger holds a void for it.`, [v.provider]);
      if (final && final.status !== 'voided') report(e, v, 'final-void', `${ack} as voided, but its final status is ${final.status}.`, [v.provider]);
    }
  }
  return { invariant: 'durability', valid: violations.length === 0, violations };
};
