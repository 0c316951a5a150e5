// The money capabilities, each one scripted payment through the merchant API with no fault: what
// the adapter must get right on a good day. Judged after the webhooks are delivered, because
// Adyen's modifications are only `received` by the API and complete by notification.
import { count, total } from './probe.ts';
import type { Scenario } from './findings.ts';

const AMOUNT = 1000;

export const AUTHORIZE: Scenario[] = [
  {
    name: 'manual capture: authorized, one authorization at the PSP',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-authorize', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments (manual capture)')) return;
      f.expect(a.status === 201 && a.payment.status === 'authorized', 'the merchant got 201 authorized', `the merchant got ${a.status} ${a.payment.status}, expected 201 authorized`);
      await p.settle();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'authorized', 'still authorized once webhooks are delivered', `${view.status} once webhooks are delivered, expected authorized`);
      f.expect(view.providerPaymentId !== null, `the core holds the PSP's payment id ${view.providerPaymentId}`, 'the core holds no PSP payment id (AuthorizeOutcome.providerPaymentId)');
      f.expect(count(ledger, 'authorization') === 1 && total(ledger, 'authorization') === AMOUNT && count(ledger, 'capture') === 0, `the ledger has one authorization of ${AMOUNT} and no capture`, `the ledger has ${count(ledger, 'authorization')} authorization(s), ${count(ledger, 'capture')} capture(s) for it`);
      f.agrees(view, ledger);
    },
  },
  {
    name: 'automatic capture: captured at once',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-authorize-auto', amount: AMOUNT, capture: 'automatic' });
      if (!f.answered(a, 'POST /v1/payments (automatic capture)')) return;
      await p.settle();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'captured', 'captured', `${view.status}, expected captured`);
      f.expect(total(ledger, 'capture') === AMOUNT, `the ledger captured ${AMOUNT}`, `the ledger captured ${total(ledger, 'capture')}, expected ${AMOUNT}`);
      f.agrees(view, ledger);
    },
  },
];

export const CAPTURE: Scenario[] = [
  {
    name: 'full capture of a manual authorization',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-capture', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments')) return;
      const c = await p.capture(a.payment.id);
      if (!f.answered(c, 'POST /captures (full)')) return;
      await p.settle();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'captured' && view.amounts.captured === AMOUNT, `captured ${AMOUNT} once its webhooks are delivered`, `${view.status} with ${view.amounts.captured} captured, expected captured ${AMOUNT}`);
      f.expect(count(ledger, 'capture') === 1 && total(ledger, 'capture') === AMOUNT, `one capture of ${AMOUNT} at the PSP`, `${count(ledger, 'capture')} capture(s) of ${total(ledger, 'capture')} in total at the PSP, expected one of ${AMOUNT}`);
      f.agrees(view, ledger);
    },
  },
];

export const PARTIAL_CAPTURE: Scenario[] = [
  {
    name: 'capture of 40% of the authorization',
    async run(p, f) {
      const part = AMOUNT * 0.4;
      const a = await p.pay({ reference: 'certify-partial-capture', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments')) return;
      const c = await p.capture(a.payment.id, part);
      if (!f.answered(c, `POST /captures {amount: ${part}}`)) return;
      await p.settle();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'partially_captured' && view.amounts.captured === part, `partially_captured, ${part} captured`, `${view.status} with ${view.amounts.captured} captured, expected partially_captured ${part}`);
      f.expect(count(ledger, 'capture') === 1 && total(ledger, 'capture') === part, `one capture of ${part} at the PSP (the amount reached the wire)`, `the PSP captured ${total(ledger, 'capture')} in ${count(ledger, 'capture')} movement(s), expected one of ${part}`);
      f.agrees(view, ledger);
    },
  },
];

export const REFUND: Scenario[] = [
  {
    name: 'partial refund, then a refund of the rest',
    async run(p, f) {
      const first = 500;
      const amount = 1500;
      const a = await p.pay({ reference: 'certify-refund', amount, capture: 'automatic' });
      if (!f.answered(a, 'POST /v1/payments (automatic capture)')) return;
      await p.settle();
      const r1 = await p.refund(a.payment.id, first);
      if (!f.answered(r1, `POST /refunds {amount: ${first}}`)) return;
      await p.settle();
      let view = await p.get(a.payment.id);
      f.expect(view.status === 'partially_refunded' && view.amounts.refunded === first, `partially_refunded, ${first} refunded`, `${view.status} with ${view.amounts.refunded} refunded after a refund of ${first}, expected partially_refunded`);
      const r2 = await p.refund(a.payment.id);
      if (!f.answered(r2, 'POST /refunds (the rest)')) return;
      await p.settle();
      view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'refunded' && view.amounts.refunded === amount, `refunded, ${amount} in all`, `${view.status} with ${view.amounts.refunded} refunded, expected refunded ${amount}`);
      f.expect(count(ledger, 'refund') === 2 && total(ledger, 'refund') === amount, `two refunds at the PSP, ${amount} in all`, `the PSP refunded ${total(ledger, 'refund')} in ${count(ledger, 'refund')} movement(s), expected ${first} then ${amount - first}`);
      f.agrees(view, ledger);
    },
  },
];

export const VOID: Scenario[] = [
  {
    name: 'void of an uncaptured authorization',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-void', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments')) return;
      const v = await p.void(a.payment.id);
      if (!f.answered(v, 'POST /void')) return;
      await p.settle();
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      f.expect(view.status === 'voided', 'voided', `${view.status}, expected voided`);
      f.expect(count(ledger, 'void') === 1 && count(ledger, 'capture') === 0, 'the PSP released the authorization (one void, no capture)', `the PSP has ${count(ledger, 'void')} void(s) and ${count(ledger, 'capture')} capture(s), expected one void`);
      f.agrees(view, ledger);
    },
  },
];
