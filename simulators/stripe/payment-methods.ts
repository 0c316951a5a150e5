// Stripe's test PaymentMethods (`pm_card_visa`, `pm_card_chargeDeclined`, ...) from the kernel's
// catalogue, and the PaymentMethod object Stripe shows for them. Only the last four digits are
// ever known; there is no card number anywhere.
import { STRIPE_TEST_PAYMENT_METHODS, type CardOutcome } from '../kernel/index.ts';
import { seconds } from './context.ts';

export interface TestCard {
  id: string;
  brand: string;
  last4: string;
  funding: 'credit' | 'debit';
  outcome: CardOutcome;
}

export function testCard(id: string): TestCard | undefined {
  if (!Object.hasOwn(STRIPE_TEST_PAYMENT_METHODS, id)) return undefined;
  const entry = STRIPE_TEST_PAYMENT_METHODS[id]!;
  return { id, brand: entry.brand, last4: entry.last4, funding: id.includes('debit') ? 'debit' : 'credit', outcome: entry.outcome };
}

/** Test cards expire a few years ahead of the simulator's clock, so they never look expired. */
export function expiry(nowMs: number): { exp_month: number; exp_year: number } {
  return { exp_month: 12, exp_year: new Date(nowMs).getUTCFullYear() + 3 };
}

export function paymentMethodObject(card: TestCard, nowMs: number): Record<string, unknown> {
  return {
    id: card.id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      country: 'US',
      display_brand: card.brand,
      ...expiry(nowMs),
      fingerprint: `fp_${card.last4}${card.brand}`,
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: seconds(nowMs),
    customer: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}
