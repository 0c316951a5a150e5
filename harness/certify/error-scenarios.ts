// The error-mapping capability: how the adapter classifies what goes wrong, judged by where the
// payment ends. An issuer decline is a decline with its code (a business answer), never a
// platform failure; a platform failure is never a decline; an answer that may hide an executed
// call (a 500 Stripe documents as unknown, a timeout after the PSP committed) must never end
// `failed` while the PSP holds the money: the core resolves it to the PSP's truth with the same
// idempotency key; a 429 is retried after its Retry-After.
import type { ProviderName } from '../../core/index.ts';
import type { FaultRule } from '../../simulators/index.ts';
import { count, describeLedger } from './probe.ts';
import { statuses, type Scenario } from './findings.ts';

const AMOUNT = 1000;

/** The simulators' operation names for the calls the faults aim at. */
export const OPERATIONS: Record<ProviderName, { authorize: string; capture: string }> = {
  stripe: { authorize: 'stripe.payment_intents.create', capture: 'stripe.payment_intents.capture' },
  adyen: { authorize: 'adyen.payments', capture: 'adyen.captures' },
};

const everyAttempt = (operation: string, effect: FaultRule['effect']): FaultRule => ({ match: { operation }, effect });

export const ERROR_MAPPING: Scenario[] = [
  {
    name: 'issuer decline: declined with the issuer code, not failed',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-decline', amount: AMOUNT, capture: 'manual', paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
      if (!f.answered(a, 'POST /v1/payments (insufficient funds test card)')) return;
      f.expect(a.status === 201, 'the merchant got 201 (a decline is an answer, not an error)', `the merchant got HTTP ${a.status} for an issuer decline`);
      await p.settle();
      const view = await p.get(a.payment.id);
      f.expect(view.status === 'declined', 'declined', `${view.status}${view.failureMessage ? ` (${view.failureMessage})` : ''}, expected declined: the adapter must return kind "declined" for an issuer refusal, not provider_error`);
      f.expect(view.declineCode === 'insufficient_funds', 'decline code insufficient_funds', `decline code ${JSON.stringify(view.declineCode)}, expected "insufficient_funds"`);
      f.expect(count(p.ledger(view.providerPaymentId), 'authorization') === 0, 'no authorization at the PSP', 'the PSP holds an authorization for a declined payment');
    },
  },
  {
    name: 'PSP 503 on every attempt: failed (a platform failure), not declined',
    async run(p, f) {
      p.faults([everyAttempt(OPERATIONS[p.dialect].authorize, { type: 'error', status: 503 })]);
      const a = await p.pay({ reference: 'certify-503', amount: AMOUNT, capture: 'manual' });
      p.faults([]);
      if (!f.answered(a, 'POST /v1/payments (PSP answers 503)')) return;
      await p.reconcile();
      const view = await p.get(a.payment.id);
      f.expect(view.status === 'failed' && view.declineCode === null, 'failed, with no decline code', `${view.status} (decline code ${JSON.stringify(view.declineCode)}), expected failed: a 503 is the PSP failing, not the issuer declining`);
      f.agrees(view, p.ledger(view.providerPaymentId));
    },
  },
  {
    name: "PSP 500 on every attempt: never declined, resolved to the PSP's truth",
    async run(p, f) {
      p.faults([everyAttempt(OPERATIONS[p.dialect].authorize, { type: 'error', status: 500 })]);
      const a = await p.pay({ reference: 'certify-500', amount: AMOUNT, capture: 'manual' });
      p.faults([]);
      if (!f.answered(a, 'POST /v1/payments (PSP answers 500)')) return;
      await p.reconcile();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      const held = count(ledger, 'authorization') > 0;
      f.expect(!statuses(view).includes('declined'), 'never reported declined', 'reported declined for a PSP 500: a server error is not an issuer decline');
      f.expect(held ? view.status === 'authorized' : view.status === 'failed', `ended ${view.status}, as the PSP's ledger says (${describeLedger(ledger)})`, `ended ${view.status} while the PSP's ledger has ${describeLedger(ledger)}`);
      f.agrees(view, ledger);
    },
  },
  {
    name: 'authorization timed out after the PSP committed: not failed, resolved to authorized',
    async run(p, f) {
      p.faults([everyAttempt(OPERATIONS[p.dialect].authorize, { type: 'timeout_after_commit' })]);
      const a = await p.pay({ reference: 'certify-auth-timeout', amount: AMOUNT, capture: 'manual' });
      p.faults([]);
      if (!f.answered(a, 'POST /v1/payments (answer lost after commit)')) return;
      f.expect(a.payment.status !== 'failed' && a.payment.status !== 'declined', `answered ${a.payment.status} while the outcome was unknown`, `answered ${a.payment.status} although the PSP may have authorized: a timeout must be "indeterminate"`);
      await p.reconcile();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'authorized' && !statuses(view).includes('failed'), 'authorized after reconciliation, never failed', `${view.status} after reconciliation (${statuses(view).join(' → ')}), expected authorized: the PSP authorized it`);
      f.expect(count(ledger, 'authorization') === 1, 'one authorization at the PSP (every retry carried the same key)', `${count(ledger, 'authorization')} authorizations at the PSP for one payment`);
      f.agrees(view, ledger);
    },
  },
  {
    name: 'capture answer lost after the PSP committed: the retry carries the same key, captured once',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-capture-timeout', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments')) return;
      // The first attempt executes and its connection drops; the core retries at once. Only the
      // same idempotency key lets the PSP answer the retry from its record of the first.
      p.faults([{ match: { operation: OPERATIONS[p.dialect].capture }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 0 } }]);
      const c = await p.capture(a.payment.id);
      p.faults([]);
      // No early return: when the answer is wrong, where the money ended says why.
      f.answered(c, 'POST /captures (first answer lost)');
      await p.settle();
      const settled = await p.get(a.payment.id);
      f.expect(settled.status === 'captured', 'captured without waiting for reconciliation (the retry was answered from the first)', `${settled.status} once webhooks are delivered (${statuses(settled).join(' → ')}), expected captured: did the retry carry the same idempotency key?`);
      await p.reconcile();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'captured', 'captured after reconciliation', `${view.status} after reconciliation, expected captured: the PSP captured it`);
      f.expect(count(ledger, 'capture') === 1, 'one capture at the PSP', `${count(ledger, 'capture')} captures at the PSP for one merchant capture`);
      f.agrees(view, ledger);
    },
  },
  {
    name: '429 with Retry-After: retried after the wait, authorized once',
    async run(p, f) {
      p.faults([{ match: { operation: OPERATIONS[p.dialect].authorize }, times: 1, effect: { type: 'rate_limit', retryAfterSeconds: 1 } }]);
      const a = await p.pay({ reference: 'certify-429', amount: AMOUNT, capture: 'manual' });
      p.faults([]);
      if (!f.answered(a, 'POST /v1/payments (first attempt 429)')) return;
      f.expect(a.payment.status === 'authorized', 'authorized on the retry', `${a.payment.status}, expected authorized: a 429 is retryable (provider_error, retryable)`);
      f.expect(a.tookMs >= 1000, `the retry waited for Retry-After (answer after ${a.tookMs} ms)`, `answered after ${a.tookMs} ms: the retry did not wait the 1 s Retry-After asked (pass it as retryAfterMs)`);
      await p.settle();
      const view = await p.get(a.payment.id);
      f.expect(count(p.ledger(view.providerPaymentId), 'authorization') === 1, 'one authorization at the PSP', `${count(p.ledger(view.providerPaymentId), 'authorization')} authorizations at the PSP`);
    },
  },
];
