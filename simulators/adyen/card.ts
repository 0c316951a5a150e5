// Card details in a /payments request and the issuer's answer to them, following Adyen's test
// conventions: raw fields (`number`, `expiryMonth`, `expiryYear`, `cvc`) or test-encrypted ones
// (`encryptedCardNumber: "test_4111111111111111"`, `encryptedExpiryMonth: "test_03"`,
// `encryptedExpiryYear: "test_2030"`, `encryptedSecurityCode: "test_737"`); the `holderName`
// picks a refusal (kernel ADYEN_TEST_HOLDER_NAMES); a Luhn-valid number that is not one of
// Adyen's test cards is refused, as the test platform refuses real cards.
import { ADYEN_TEST_CARDS, ADYEN_TEST_HOLDER_NAMES, luhnValid, type CardOutcome } from '../kernel/index.ts';
import { ADYEN_ERRORS, type AdyenError } from './errors.ts';
import { isObject, type Checked } from './request.ts';

export interface Card {
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  holderName?: string;
}

export interface CardDecision {
  card: Card;
  outcome: CardOutcome;
}

const fail = (error: AdyenError): Checked<never> => ({ ok: false, error });

/** Reads one field given raw or test-encrypted; `undefined` when absent, `null` when not decryptable. */
function field(method: Record<string, unknown>, raw: string, encrypted: string): string | undefined | null {
  const plain = method[raw];
  if (typeof plain === 'string' && plain !== '') return plain;
  const enc = method[encrypted];
  if (enc === undefined || enc === null || enc === '') return undefined;
  if (typeof enc !== 'string' || !enc.startsWith('test_')) return null;
  return enc.slice('test_'.length);
}

export function readCard(paymentMethod: unknown, now: number): Checked<CardDecision> {
  if (!isObject(paymentMethod)) return fail(ADYEN_ERRORS.requiredField('paymentMethod'));
  const type = paymentMethod.type ?? 'scheme';
  if (type !== 'scheme') return fail(ADYEN_ERRORS.paymentDetailsNotSupported);

  const number = field(paymentMethod, 'number', 'encryptedCardNumber');
  const month = field(paymentMethod, 'expiryMonth', 'encryptedExpiryMonth');
  const year = field(paymentMethod, 'expiryYear', 'encryptedExpiryYear');
  const cvc = field(paymentMethod, 'cvc', 'encryptedSecurityCode');
  if (number === null || month === null || year === null || cvc === null) return fail(ADYEN_ERRORS.decryptFailed);

  const digits = number?.replace(/ /g, '');
  if (digits === undefined || !luhnValid(digits)) return fail(ADYEN_ERRORS.invalidCardNumber);
  if (month === undefined || year === undefined || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return fail(ADYEN_ERRORS.expiryInvalid);
  const expiryMonth = Number(month);
  const expiryYear = Number(year);
  if (expiryMonth < 1 || expiryMonth > 12) return fail(ADYEN_ERRORS.expiryInvalid);
  if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) return fail(ADYEN_ERRORS.cvcLength);

  const holder = paymentMethod.holderName;
  const holderName = typeof holder === 'string' ? holder : undefined;
  const card: Card = { brand: brandOf(digits), last4: digits.slice(-4), expiryMonth, expiryYear, ...(holderName !== undefined ? { holderName } : {}) };
  return { ok: true, value: { card, outcome: outcomeFor(digits, card, now) } };
}

function outcomeFor(digits: string, card: Card, now: number): CardOutcome {
  // A card is valid through the last day of its expiry month.
  if (Date.UTC(card.expiryYear, card.expiryMonth, 1) <= now) return { kind: 'declined', reason: 'expired_card' };
  const byName = card.holderName !== undefined ? ADYEN_TEST_HOLDER_NAMES[card.holderName.trim().toUpperCase()] : undefined;
  if (byName) return byName;
  if (Object.hasOwn(ADYEN_TEST_CARDS, digits)) return { kind: 'approved' };
  return { kind: 'declined', reason: 'generic_decline' };
}

function brandOf(digits: string): string {
  const known = ADYEN_TEST_CARDS[digits];
  if (known) return known.brand;
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mc';
  if (/^3[47]/.test(digits)) return 'amex';
  if (digits.startsWith('6')) return 'discover';
  return 'scheme';
}
