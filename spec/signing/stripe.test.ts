// Checked against stripe-node, the library merchants verify with: what we sign it accepts, what it
// signs we accept, and tampering is refused by both.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeSignatureHeader, verifyStripeSignature } from './stripe.ts';

const stripe = new Stripe('sk_test_spec');
const SECRET = 'whsec_spec_test_secret';
const BODY = JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { amount: 500, currency: 'jpy' } } }, null, 2);

describe('Stripe-Signature', () => {
  it('signs what stripe-node verifies', () => {
    const t = Math.floor(Date.now() / 1000);
    const header = stripeSignatureHeader(BODY, SECRET, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(BODY, header, SECRET).id).toBe('evt_1');
    expect(() => stripe.webhooks.constructEvent(BODY, header, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("verifies what stripe-node signs, and nothing tampered with", () => {
    const t = 1_790_000_000;
    const header = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET, timestamp: t });
    expect(verifyStripeSignature(BODY, header, SECRET)).toBe('valid');
    expect(verifyStripeSignature(BODY.replace('500', '501'), header, SECRET)).toBe('bad_signature');
    expect(verifyStripeSignature(BODY, header, 'whsec_other')).toBe('bad_signature');
    expect(verifyStripeSignature(BODY, header.replace(`t=${t}`, `t=${t + 1}`), SECRET)).toBe('bad_signature');
  });

  it('judges age only when given the time, and a forgery before its age', () => {
    const t = 1_790_000_000;
    const header = stripeSignatureHeader(BODY, SECRET, t);
    expect(verifyStripeSignature(BODY, header, SECRET, { nowMs: (t + 300) * 1000 })).toBe('valid');
    expect(verifyStripeSignature(BODY, header, SECRET, { nowMs: (t + 301) * 1000 })).toBe('stale');
    expect(verifyStripeSignature(BODY, header, SECRET, { nowMs: (t - 301) * 1000 })).toBe('stale');
    expect(verifyStripeSignature(BODY, header, SECRET, { nowMs: (t + 60) * 1000, toleranceSeconds: 30 })).toBe('stale');
    expect(verifyStripeSignature(BODY, stripeSignatureHeader(BODY, 'whsec_other', t), SECRET, { nowMs: (t + 9999) * 1000 })).toBe('bad_signature');
  });

  it('accepts any one matching v1 among several (secret rotation), ignoring v0', () => {
    const t = 1_790_000_000;
    const good = stripeSignatureHeader(BODY, SECRET, t).split(',')[1]!;
    const other = stripeSignatureHeader(BODY, 'whsec_old', t).split(',')[1]!;
    expect(verifyStripeSignature(BODY, `t=${t},${other},v0=${'0'.repeat(64)},${good}`, SECRET)).toBe('valid');
    expect(verifyStripeSignature(BODY, `t=${t},v0=${good.slice(3)}`, SECRET)).toBe('bad_signature');
  });

  it.each([undefined, '', 'garbage', 't=,v1=', 't=abc,v1=00', `v1=${'a'.repeat(64)}`])('refuses a malformed header %j', (header) => {
    expect(verifyStripeSignature(BODY, header, SECRET)).toBe('bad_signature');
  });
});
