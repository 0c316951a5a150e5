// The test-card catalogue: which test payment method gets which issuer answer, following each
// provider's public test conventions, so a test written for the real sandbox means the same here.
// Outcomes are provider-neutral; each dialect renders them in its own words.

export type DeclineReason =
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'fraudulent'
  | 'card_not_supported'
  | 'invalid_amount'
  | 'referral'
  | 'blocked_card'
  | 'issuer_unavailable'
  | 'restricted_card'
  | 'transaction_not_allowed';

export type CardOutcome = { kind: 'approved' } | { kind: 'declined'; reason: DeclineReason };

export interface StripeDeclineWording {
  /** Stripe's error `code`. */
  code: string;
  /** Stripe's `decline_code`, where Stripe sends one. */
  declineCode?: string;
  message: string;
}

export interface AdyenRefusalWording {
  resultCode: 'Refused' | 'Error';
  refusalReason: string;
  refusalReasonCode: string;
}

interface ReasonWording {
  stripe: StripeDeclineWording;
  adyen: AdyenRefusalWording;
}

const DECLINED = 'Your card was declined.';

export const DECLINE_WORDING: Record<DeclineReason, ReasonWording> = {
  generic_decline: {
    stripe: { code: 'card_declined', declineCode: 'generic_decline', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Refused', refusalReasonCode: '2' },
  },
  insufficient_funds: {
    stripe: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Not enough balance', refusalReasonCode: '12' },
  },
  lost_card: {
    stripe: { code: 'card_declined', declineCode: 'lost_card', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Blocked Card', refusalReasonCode: '5' },
  },
  stolen_card: {
    stripe: { code: 'card_declined', declineCode: 'stolen_card', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Blocked Card', refusalReasonCode: '5' },
  },
  expired_card: {
    stripe: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Expired Card', refusalReasonCode: '6' },
  },
  incorrect_cvc: {
    stripe: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    adyen: { resultCode: 'Refused', refusalReason: 'CVC Declined', refusalReasonCode: '24' },
  },
  processing_error: {
    stripe: { code: 'processing_error', declineCode: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
    adyen: { resultCode: 'Error', refusalReason: 'Acquirer Error', refusalReasonCode: '4' },
  },
  fraudulent: {
    stripe: { code: 'card_declined', declineCode: 'fraudulent', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Acquirer Fraud', refusalReasonCode: '14' },
  },
  card_not_supported: {
    stripe: { code: 'card_declined', declineCode: 'card_not_supported', message: 'Your card is not supported.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Not supported', refusalReasonCode: '10' },
  },
  invalid_amount: {
    stripe: { code: 'card_declined', declineCode: 'invalid_amount', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Invalid Amount', refusalReasonCode: '7' },
  },
  referral: {
    stripe: { code: 'card_declined', declineCode: 'call_issuer', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Referral', refusalReasonCode: '3' },
  },
  blocked_card: {
    stripe: { code: 'card_declined', declineCode: 'pickup_card', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Blocked Card', refusalReasonCode: '5' },
  },
  issuer_unavailable: {
    stripe: { code: 'card_declined', declineCode: 'issuer_not_available', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Issuer Unavailable', refusalReasonCode: '9' },
  },
  restricted_card: {
    stripe: { code: 'card_declined', declineCode: 'restricted_card', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Restricted Card', refusalReasonCode: '25' },
  },
  transaction_not_allowed: {
    stripe: { code: 'card_declined', declineCode: 'transaction_not_allowed', message: DECLINED },
    adyen: { resultCode: 'Refused', refusalReason: 'Transaction Not Permitted', refusalReasonCode: '23' },
  },
};

export function isDeclineReason(value: string): value is DeclineReason {
  return Object.hasOwn(DECLINE_WORDING, value);
}

/** Stripe's test PaymentMethods (stripe.com/docs/testing). */
export const STRIPE_TEST_PAYMENT_METHODS: Record<string, { brand: string; last4: string; outcome: CardOutcome }> = {
  pm_card_visa: { brand: 'visa', last4: '4242', outcome: { kind: 'approved' } },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', outcome: { kind: 'approved' } },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', outcome: { kind: 'approved' } },
  pm_card_amex: { brand: 'amex', last4: '8431', outcome: { kind: 'approved' } },
  pm_card_discover: { brand: 'discover', last4: '1117', outcome: { kind: 'approved' } },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', outcome: { kind: 'declined', reason: 'generic_decline' } },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', outcome: { kind: 'declined', reason: 'insufficient_funds' } },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', outcome: { kind: 'declined', reason: 'lost_card' } },
  pm_card_chargeDeclinedStolenCard: { brand: 'visa', last4: '9979', outcome: { kind: 'declined', reason: 'stolen_card' } },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', outcome: { kind: 'declined', reason: 'expired_card' } },
  pm_card_chargeDeclinedIncorrectCvc: { brand: 'visa', last4: '0127', outcome: { kind: 'declined', reason: 'incorrect_cvc' } },
  pm_card_chargeDeclinedProcessingError: { brand: 'visa', last4: '0119', outcome: { kind: 'declined', reason: 'processing_error' } },
  pm_card_chargeDeclinedFraudulent: { brand: 'visa', last4: '0019', outcome: { kind: 'declined', reason: 'fraudulent' } },
};

/** Adyen's `holderName` test values (docs.adyen.com, testing result codes and refusal reasons). */
export const ADYEN_TEST_HOLDER_NAMES: Record<string, CardOutcome> = {
  APPROVED: { kind: 'approved' },
  DECLINED: { kind: 'declined', reason: 'generic_decline' },
  REFUSED: { kind: 'declined', reason: 'generic_decline' },
  REFERRAL: { kind: 'declined', reason: 'referral' },
  ERROR: { kind: 'declined', reason: 'processing_error' },
  ACQUIRER_ERROR: { kind: 'declined', reason: 'processing_error' },
  BLOCK_CARD: { kind: 'declined', reason: 'blocked_card' },
  CARD_EXPIRED: { kind: 'declined', reason: 'expired_card' },
  INVALID_AMOUNT: { kind: 'declined', reason: 'invalid_amount' },
  ISSUER_UNAVAILABLE: { kind: 'declined', reason: 'issuer_unavailable' },
  NOT_SUPPORTED: { kind: 'declined', reason: 'card_not_supported' },
  NOT_ENOUGH_BALANCE: { kind: 'declined', reason: 'insufficient_funds' },
  ACQUIRER_FRAUD: { kind: 'declined', reason: 'fraudulent' },
  CVC_DECLINED: { kind: 'declined', reason: 'incorrect_cvc' },
  RESTRICTED_CARD: { kind: 'declined', reason: 'restricted_card' },
  TRANSACTION_NOT_PERMITTED: { kind: 'declined', reason: 'transaction_not_allowed' },
};

/** Adyen's public test card numbers that the simulator accepts (any holder name not above approves). */
export const ADYEN_TEST_CARDS: Record<string, { brand: string }> = {
  '4111111111111111': { brand: 'visa' },
  '4988438843884305': { brand: 'visa' },
  '5555555555554444': { brand: 'mc' },
  '2222400070000005': { brand: 'mc' },
  '370000000000002': { brand: 'amex' },
  '6011601160116611': { brand: 'discover' },
};

/** The Luhn check every card number must pass. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
