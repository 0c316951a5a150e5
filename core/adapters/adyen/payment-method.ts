// The core's payment-method token for Adyen, turned into a Checkout `paymentMethod` object.
//
// A token is a test instruction, the way `pm_card_visa` is one for Stripe. `card:<digits>` and
// bare digits only reach the adapter when it is called directly: the core's merchant API refuses
// card numbers (it stores the token and re-sends it on recovery), so through the core use
// `pm_card_*` or `holder:NAME`.
//   holder:<NAME>     Adyen's test Visa (4111 1111 1111 1111) with holderName NAME: Adyen's test
//                     platform answers by holder name (NOT_ENOUGH_BALANCE, DECLINED, CARD_EXPIRED…);
//                     any other name approves.
//   card:<digits>     that test card number (12 to 19 digits) with an approving holder name.
//   <NAME>            bare, upper case (`^[A-Z][A-Z0-9_]*$`): same as holder:<NAME>.
//   <digits>          bare, 12 to 19 digits: same as card:<digits>.
// Cards are sent as Adyen's test-encrypted fields (`test_4111111111111111`, `test_03`,
// `test_2030`, `test_737`; `test_7373` for Amex), expiring 03/2030. Anything else is refused
// before any call: a token the adapter cannot read is a bug in the caller, not a decline.

export interface SchemePaymentMethod {
  type: 'scheme';
  encryptedCardNumber: string;
  encryptedExpiryMonth: string;
  encryptedExpiryYear: string;
  encryptedSecurityCode: string;
  holderName: string;
}

export type ParsedPaymentMethod = { ok: true; value: SchemePaymentMethod } | { ok: false; message: string };

/** Adyen's test Visa, used when the token names only a holder. */
export const DEFAULT_TEST_CARD = '4111111111111111';
/** A holder name that is none of Adyen's refusal triggers: the issuer approves. */
export const APPROVING_HOLDER = 'John Smith';

const DIGITS = /^\d{12,19}$/;

/**
 * Stripe's test PaymentMethods, read as the Adyen test card or holder name that means the same,
 * so one test token works on both providers when the core routes `auto` and fails over.
 */
const STRIPE_TEST_TOKENS: Record<string, string> = {
  pm_card_visa: 'card:4111111111111111',
  pm_card_visa_debit: 'card:4111111111111111',
  pm_card_mastercard: 'card:5555555555554444',
  pm_card_amex: 'card:370000000000002',
  pm_card_chargeDeclined: 'holder:DECLINED',
  pm_card_chargeDeclinedInsufficientFunds: 'holder:NOT_ENOUGH_BALANCE',
  pm_card_chargeDeclinedLostCard: 'holder:BLOCK_CARD',
  pm_card_chargeDeclinedStolenCard: 'holder:BLOCK_CARD',
  pm_card_chargeDeclinedExpiredCard: 'holder:CARD_EXPIRED',
  pm_card_chargeDeclinedIncorrectCvc: 'holder:CVC_DECLINED',
  pm_card_chargeDeclinedProcessingError: 'holder:ERROR',
  pm_card_chargeDeclinedFraudulent: 'holder:ACQUIRER_FRAUD',
};
const BARE_HOLDER = /^[A-Z][A-Z0-9_]*$/;
const MAX_HOLDER = 80;

export function parsePaymentMethod(token: string): ParsedPaymentMethod {
  const colon = token.indexOf(':');
  if (colon >= 0) {
    const scheme = token.slice(0, colon);
    const rest = token.slice(colon + 1);
    if (scheme === 'holder') {
      const name = rest.trim();
      if (name === '' || name.length > MAX_HOLDER) return refuse(token, 'holder: needs a name of 1 to 80 characters');
      return { ok: true, value: testCard(DEFAULT_TEST_CARD, name) };
    }
    if (scheme === 'card') {
      if (!DIGITS.test(rest)) return refuse(token, 'card: needs 12 to 19 digits');
      return { ok: true, value: testCard(rest, APPROVING_HOLDER) };
    }
    return refuse(token, `unknown prefix '${scheme}:'`);
  }
  // Own keys only: `constructor` or `__proto__` as a token must not find Object.prototype's.
  const stripeEquivalent = Object.hasOwn(STRIPE_TEST_TOKENS, token) ? STRIPE_TEST_TOKENS[token] : undefined;
  if (stripeEquivalent) return parsePaymentMethod(stripeEquivalent);
  if (DIGITS.test(token)) return { ok: true, value: testCard(token, APPROVING_HOLDER) };
  if (BARE_HOLDER.test(token) && token.length <= MAX_HOLDER) return { ok: true, value: testCard(DEFAULT_TEST_CARD, token) };
  return refuse(token, 'expected holder:<NAME>, card:<digits>, a bare upper-case holder name or a bare card number');
}

function testCard(number: string, holderName: string): SchemePaymentMethod {
  const amex = /^3[47]/.test(number);
  return {
    type: 'scheme',
    encryptedCardNumber: `test_${number}`,
    encryptedExpiryMonth: 'test_03',
    encryptedExpiryYear: 'test_2030',
    encryptedSecurityCode: amex ? 'test_7373' : 'test_737',
    holderName,
  };
}

function refuse(token: string, why: string): ParsedPaymentMethod {
  return { ok: false, message: `not an Adyen test payment method: ${JSON.stringify(token)} (${why})` };
}
