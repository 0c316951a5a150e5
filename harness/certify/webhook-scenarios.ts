// The webhook capability: the adapter's signature check and parsing, seen from outside. The API
// answer of the operation is lost on its way back (the PSP executed), so the only way the core can
// learn the outcome before reconciliation is the PSP's webhook: if the payment moves, the genuine
// event was verified, parsed and matched; if a forged copy moves it, the check is missing. The
// simulator's own fault plan forges (`bad_signature`) and repeats (`duplicate`) its deliveries.
import type { Delivery } from '../../simulators/index.ts';
import { count, total } from './probe.ts';
import type { Scenario } from './findings.ts';

const AMOUNT = 1000;

const answeredWith = (d: Delivery, ok: (status: number) => boolean) => d.attempts.some((a) => a.status !== undefined && ok(a.status));
const is4xx = (s: number) => s >= 400 && s < 500;
const is2xx = (s: number) => s >= 200 && s < 300;

export const WEBHOOKS: Scenario[] = [
  {
    name: 'a forged event is refused with 4xx and changes nothing; the genuine one is applied',
    async run(p, f) {
      const a = await p.pay({ reference: 'certify-webhook-forged', amount: AMOUNT, capture: 'manual' });
      if (!f.answered(a, 'POST /v1/payments')) return;
      await p.settle();
      // Each event of the capture: a forged copy first, and the genuine one's first attempt lost,
      // so for a moment the forged copy is all the core has heard.
      p.faults([
        { id: 'forge', match: { event: '*' }, effect: { type: 'bad_signature' } },
        { id: 'lose-first', match: { event: '*' }, effect: { type: 'drop', attempts: 1 } },
      ]);
      p.loseAnswers();
      await p.capture(a.payment.id);
      p.heal();
      await p.deliverDue();
      const forged = p.deliveries().filter((d) => d.kind === 'forged' && d.attempts.length > 0);
      if (!f.expect(forged.length > 0, `${forged.length} forged delivery(ies) reached the core`, 'no forged delivery reached the core: the check could not run')) return;
      const accepted = forged.filter((d) => !answeredWith(d, is4xx));
      f.expect(accepted.length === 0, 'every forged delivery was refused with a 4xx', `forged ${accepted.map((d) => d.eventType).join(', ')} answered ${accepted.map((d) => d.attempts.map((x) => x.status ?? x.error).join('/')).join(', ')}, expected a 4xx (parseWebhook must reject a bad signature)`);
      let view = await p.get(a.payment.id);
      f.expect(view.amounts.captured === 0 && view.status === 'authorized', 'the forged events changed nothing (still authorized, nothing captured)', `a forged event moved the payment: ${view.status}, ${view.amounts.captured} captured before any genuine event arrived`);

      p.faults([]);
      await p.settle();
      view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      const byWebhook = view.history.some((h) => h.cause === 'webhook' && (h.to === 'captured' || h.to === 'partially_captured'));
      f.expect(view.status === 'captured' && byWebhook, 'the genuine event, retried, was verified, parsed and applied: captured by webhook', `after the genuine event was delivered the payment is ${view.status} (${view.history.map((h) => `${h.to}/${h.cause}`).join(' → ')}), expected captured by webhook`);
      f.expect(total(ledger, 'capture') === AMOUNT, `the PSP captured ${AMOUNT}`, `the PSP captured ${total(ledger, 'capture')}`);
      f.agrees(view, ledger);
    },
  },
  {
    name: 'a duplicated event is applied once',
    async run(p, f) {
      const amount = 1500;
      const part = 600;
      const a = await p.pay({ reference: 'certify-webhook-duplicate', amount, capture: 'automatic' });
      if (!f.answered(a, 'POST /v1/payments (automatic capture)')) return;
      await p.settle();
      const before = (await p.webhookVerdicts()).duplicate ?? 0;
      p.faults([{ id: 'x3', match: { event: '*' }, effect: { type: 'duplicate', copies: 2 } }]);
      p.loseAnswers();
      await p.refund(a.payment.id, part);
      p.heal();
      await p.settle();
      p.faults([]);
      const copies = p.deliveries().filter((d) => d.kind === 'duplicate');
      const refused = copies.filter((d) => !answeredWith(d, is2xx));
      f.expect(copies.length > 0 && refused.length === 0, `${copies.length} duplicate copies were each acknowledged with a 2xx`, copies.length === 0 ? 'no duplicate copy was delivered: the check could not run' : `${refused.length} duplicate copies were not acknowledged (a PSP retries those for days)`);
      const duplicates = ((await p.webhookVerdicts()).duplicate ?? 0) - before;
      f.expect(duplicates > 0, `the core recognised ${duplicates} copy(ies) as duplicates of an event it had (stable event ids)`, 'the core recognised no copy as a duplicate: the adapter gives each copy of an event a different eventId, so the inbox cannot dedupe');
      const view = await p.get(a.payment.id);
      const ledger = p.ledger(view.providerPaymentId);
      const refundTransitions = view.history.filter((h) => h.to === 'partially_refunded').length;
      f.expect(view.status === 'partially_refunded' && view.amounts.refunded === part && refundTransitions === 1, `partially_refunded by ${part}, one transition`, `${view.status} with ${view.amounts.refunded} refunded and ${refundTransitions} transition(s) to partially_refunded, expected ${part} once`);
      f.expect(count(ledger, 'refund') === 1, 'one refund at the PSP', `${count(ledger, 'refund')} refunds at the PSP`);
      f.agrees(view, ledger);
    },
  },
];
