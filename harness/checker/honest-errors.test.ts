import { describe, expect, it } from 'vitest';
import type { OperationError } from '../driver/types.ts';
import { BREAKER_GRACE_MS, honestErrors } from './honest-errors.ts';
import { RunBuilder, cleanRun, observation } from './test-support.ts';

const platform: OperationError = { kind: 'platform', code: 'provider_error', message: 'the provider failed' };
const decline: OperationError = { kind: 'decline', code: 'card_declined', message: 'Your card was declined.' };

function authorizeArgs(reference: string, paymentMethod: string, provider = 'stripe') {
  return { reference, amount: 1000, currency: 'USD', provider, paymentMethod, capture: 'manual', idempotencyKey: `${reference}-k` };
}

describe('honest-errors', () => {
  it('passes a clean run (declines on both providers reported as declines)', () => {
    expect(honestErrors(cleanRun().builder.build())).toEqual({ invariant: 'honest-errors', valid: true, violations: [] });
  });

  describe('(a) an issuer decline reported as a platform failure', () => {
    const run = (setup?: (b: RunBuilder) => void) => {
      const b = new RunBuilder();
      setup?.(b);
      const opId = b.invoke('d', 'authorize', authorizeArgs('d', 'holder:NOT_ENOUGH_BALANCE', 'adyen'));
      const failed = observation({ reference: 'd', provider: 'adyen', providerPaymentId: 'PSPd', status: 'failed' });
      b.fail(opId, platform, failed);
      b.view(failed);
      return b.quiet().build();
    };

    it('is caught, naming the card', () => {
      const r = honestErrors(run());
      expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
        ['d', 'the SUT reported a platform failure (provider_error) for the issuer decline of d: card holder:NOT_ENOUGH_BALANCE (a declining test card), no fault active, nothing authorized at the PSP.'],
      ]);
      expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'fail']);
    });

    it('is caught when only the final status says failed', () => {
      const b = new RunBuilder();
      b.op('d', 'authorize', authorizeArgs('d', 'pm_card_chargeDeclinedExpiredCard'), { type: 'info', error: { kind: 'network', code: 'timeout', message: 't' } });
      b.view(observation({ reference: 'd', status: 'failed', providerPaymentId: 'pi_d' }));
      expect(honestErrors(b.quiet().build()).violations.map((v) => v.explanation)).toEqual([
        'payment d ends failed, a platform failure, though card pm_card_chargeDeclinedExpiredCard (a declining test card) was simply declined by the issuer: no fault active, nothing authorized at the PSP.',
      ]);
    });

    it('is legitimate while a fault that can fail the call is active', () => {
      expect(honestErrors(run((b) => b.fault('start', 'psp:adyen', 'PSP 500', { effect: { type: 'error', status: 500 } }))).valid).toBe(true);
      expect(honestErrors(run((b) => b.fault('start', 'net:core', 'reset', { type: 'reset' }))).valid).toBe(true);
    });

    it('is judged inside fault windows too: an outage at the other PSP excuses nothing', () => {
      expect(honestErrors(run((b) => b.fault('start', 'psp:stripe', 'PSP 500', { effect: { type: 'error', status: 500 } }))).valid).toBe(false);
      expect(honestErrors(run((b) => b.fault('start', 'net:stripe', 'reset', { type: 'reset' }))).valid).toBe(false);
    });

    it('a webhook-only fault, or a fault healed long before the operation, excuses nothing; one healed just before does (a breaker outlives it)', () => {
      expect(honestErrors(run((b) => b.fault('start', 'webhook:adyen', 'duplicate', { effect: { type: 'duplicate' } }))).valid).toBe(false);
      const healedBefore = (gapMs: number) => {
        const r = run((b) => {
          b.fault('start', 'psp:adyen', 'PSP 500', { effect: { type: 'error', status: 500 } });
          b.phase('heal');
        });
        // Everything after the heal happens gapMs later.
        const heal = r.history.findIndex((e) => e.type === 'phase' && e.phase === 'heal');
        for (const e of r.history.slice(heal + 1)) e.t += gapMs;
        return honestErrors(r).valid;
      };
      expect(healedBefore(0)).toBe(true);
      expect(healedBefore(BREAKER_GRACE_MS + 1_000)).toBe(false);
    });
  });

  describe('(b) a platform problem reported as a decline', () => {
    const run = (setup?: (b: RunBuilder) => void) => {
      const b = new RunBuilder();
      setup?.(b);
      const opId = b.invoke('x', 'authorize', authorizeArgs('x', 'pm_card_visa'));
      const declined = observation({ reference: 'x', providerPaymentId: 'pi_x', status: 'declined', declineCode: 'generic_decline' });
      b.fail(opId, decline, declined);
      b.view(declined);
      return b.quiet().build();
    };

    it('is caught for an approving card with no decline fault', () => {
      expect(honestErrors(run()).violations.map((v) => [v.paymentId, v.explanation])).toEqual([
        ['x', 'payment x ends declined (generic_decline), but card pm_card_visa (an approving test card) approves and no decline fault was injected: a platform problem reported as an issuer decline.'],
      ]);
    });

    it('is legitimate under a decline fault for its provider, not under one for the other provider', () => {
      expect(honestErrors(run((b) => b.fault('start', 'psp:stripe', 'issuer declines', { match: { operation: 'stripe.*' }, effect: { type: 'decline', code: 'insufficient_funds' } }))).valid).toBe(true);
      expect(honestErrors(run((b) => b.fault('start', 'psp:adyen', 'issuer declines', { effect: { type: 'decline' } }))).valid).toBe(false);
    });

    it('is not flagged when the ledger shows money moved (agreement owns that)', () => {
      const b = new RunBuilder();
      const opId = b.invoke('x', 'authorize', authorizeArgs('x', 'pm_card_visa'));
      b.move({ provider: 'stripe', kind: 'authorization', paymentId: 'pi_x', amount: 1000, reference: 'x' });
      const declined = observation({ reference: 'x', providerPaymentId: 'pi_x', status: 'declined' });
      b.fail(opId, decline, declined);
      b.view(declined);
      expect(honestErrors(b.build()).violations.filter((v) => v.explanation.includes('approves'))).toEqual([]);
    });
  });

  it('(c) catches a decline error on a payment that does not end declined', () => {
    const b = new RunBuilder();
    const opId = b.invoke('c', 'authorize', authorizeArgs('c', 'tok_custom'));
    b.fail(opId, decline);
    b.view(observation({ reference: 'c', status: 'authorized', providerPaymentId: 'pi_c' }));
    expect(honestErrors(b.build()).violations.map((v) => v.explanation)).toEqual(['the SUT failed authorize of c as an issuer decline (card_declined), but the payment ends authorized.']);
  });

  describe('(d) a platform failure where nothing failed', () => {
    const race = (setup?: (b: RunBuilder) => void) => {
      const b = new RunBuilder();
      setup?.(b);
      const w = b.payment({ reference: 'r', captures: [600], noFinal: true });
      // A second capture of 600 raced the first: the PSP had 400 left and refused it.
      const second = b.invoke('r', 'capture', { paymentId: w.sutId, amount: 600, idempotencyKey: 'r-capture-2' });
      b.fail(second, { kind: 'platform', code: 'amount_too_large', message: 'The provider refused the capture' });
      b.view(observation({ reference: 'r', status: 'partially_captured', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 600, refunded: 0 } }));
      return b.build();
    };

    it('catches a capture refused by the PSP as illegal, reported as a platform failure', () => {
      const r = honestErrors(race());
      expect(r.violations.map((v) => [v.paymentId, v.explanation])).toEqual([
        [
          'r',
          'the SUT reported a platform failure (amount_too_large) for capture of r, but no fault had been injected and stripe pi_r had 4.00 USD left to capture for a capture of 6.00 USD: an illegal request the SUT should have refused itself (invalid), not a platform failure.',
        ],
      ]);
      expect(r.violations[0]!.timeline.map((e) => e.type)).toEqual(['invoke', 'fail']);
    });

    it('is legitimate once a fault had been injected on the provider, even if it ended', () => {
      const r = race((b) => {
        b.fault('start', 'psp:stripe', 'error', { effect: { type: 'error', status: 500 } });
        b.fault('stop', 'psp:stripe', 'fault plan cleared');
      });
      expect(honestErrors(r).valid).toBe(true);
    });

    it('does not judge a refusal the ledger does not explain', () => {
      const b = new RunBuilder();
      const w = b.payment({ reference: 's', captures: [400], noFinal: true });
      const second = b.invoke('s', 'capture', { paymentId: w.sutId, amount: 300, idempotencyKey: 's-capture-2' });
      b.fail(second, { kind: 'platform', code: 'payment_intent_unexpected_state', message: 'Stripe released the rest' });
      b.view(observation({ reference: 's', status: 'partially_captured', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 400, refunded: 0 } }));
      expect(honestErrors(b.build()).valid).toBe(true);
    });

    it('judges the ledger as it stood when the operation completed', () => {
      const b = new RunBuilder();
      const w = b.payment({ reference: 't', noFinal: true });
      b.fail(b.invoke('t', 'capture', { paymentId: w.sutId, amount: 300, idempotencyKey: 't-capture-1' }), { kind: 'platform', code: 'x', message: 'x' });
      b.ok(b.invoke('t', 'capture', { paymentId: w.sutId, amount: 1000, idempotencyKey: 't-capture-2' }), observation({ reference: 't', status: 'captured', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 1000, refunded: 0 } }));
      b.move({ provider: 'stripe', kind: 'capture', paymentId: w.pspId, amount: 1000, reference: 't' }); // later than the failure
      b.view(observation({ reference: 't', status: 'captured', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 1000, refunded: 0 } }));
      expect(honestErrors(b.build()).valid).toBe(true);
    });

    it('catches a refund above what is left and a void after a capture', () => {
      const b = new RunBuilder();
      const w = b.payment({ reference: 'f', captures: [1000], refunds: [800], noFinal: true });
      b.fail(b.invoke('f', 'refund', { paymentId: w.sutId, amount: 500, idempotencyKey: 'f-refund-2' }), { kind: 'platform', code: 'x', message: 'x' });
      b.fail(b.invoke('f', 'void', { paymentId: w.sutId, idempotencyKey: 'f-void' }), { kind: 'platform', code: 'y', message: 'y' });
      b.view(observation({ reference: 'f', status: 'partially_refunded', providerPaymentId: w.pspId, amounts: { authorized: 1000, captured: 1000, refunded: 800 } }));
      const explanations = honestErrors(b.build()).violations.map((v) => v.explanation);
      expect(explanations).toHaveLength(1); // one per payment and rule
      expect(explanations[0]).toContain('stripe pi_f had 2.00 USD left to refund for a refund of 5.00 USD');
    });

    it('catches an approving card failed with no fault at all', () => {
      const b = new RunBuilder();
      const opId = b.invoke('a', 'authorize', authorizeArgs('a', 'pm_card_visa'));
      const failed = observation({ reference: 'a', status: 'failed', providerPaymentId: null });
      b.ok(opId, failed);
      b.view(failed);
      expect(honestErrors(b.build()).violations.map((v) => v.explanation)).toEqual([
        'the SUT ended payment a failed, yet card pm_card_visa approves and no fault had been injected on stripe, the network or the SUT.',
      ]);
      const c = new RunBuilder();
      c.fault('start', 'net:stripe', 'reset', { type: 'reset' });
      c.ok(c.invoke('a', 'authorize', authorizeArgs('a', 'pm_card_visa')), failed);
      c.view(failed);
      expect(honestErrors(c.build()).valid).toBe(true);
    });
  });

  it('does not judge a holder-name token sent to Stripe', () => {
    const b = new RunBuilder();
    const opId = b.invoke('h', 'authorize', authorizeArgs('h', 'holder:DECLINED', 'stripe'));
    const failed = observation({ reference: 'h', status: 'failed' });
    b.fail(opId, { kind: 'invalid', code: 'resource_missing', message: 'No such PaymentMethod' }, failed);
    b.view(failed);
    expect(honestErrors(b.build()).valid).toBe(true);
  });
});
