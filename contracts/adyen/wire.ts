// The Adyen Checkout wire as the adapter's contract states it: request bodies pinned where the
// provider's behaviour depends on them, matchers where the provider mints values. Every example
// is a fixed value, so the generated pact is byte-stable (no dates, no random ids).
import { MatchersV3 } from '@pact-foundation/pact';
import { ADYEN_PACT_API_KEY, ADYEN_PACT_MERCHANT_ACCOUNT } from './index.ts';

const { regex, like } = MatchersV3;
type Matcher<T> = MatchersV3.Matcher<T>;

/** The adapter speaks v71 (core/adapters/adyen/client.ts CHECKOUT_VERSION). */
export const V = '/v71';
/** Adyen's pspReference: 16 characters, digits and upper-case letters. */
export const PSP_PATTERN = '[0-9A-Z]{16}';
/** The example payment pspReference the consumer sees; at verification, the state's real one. */
export const EXAMPLE_PSP = 'EXAMPLEPSP000001';
/** The example pspReference of a capture / refund / cancel. */
export const EXAMPLE_MODIFICATION_PSP = 'EXAMPLEMOD000001';
/** The returnUrl the adapter sends by default (core/adapters/adyen/index.ts DEFAULT_RETURN_URL). */
const RETURN_URL = 'https://gauntlet.invalid/adyen/return';

export const psp = (example = EXAMPLE_PSP) => regex(`^${PSP_PATTERN}$`, example);

/**
 * A value that embeds the pspReference a provider state minted: a regex matcher (so the mock
 * server still refuses a wrong path, pact-reference#447) that also carries Pact's ProviderState
 * generator, which the verifier fills from the state's `{pspReference}`.
 */
export function fromPaymentState(template: string, pattern: string, example: string): Matcher<string> {
  return {
    'pact:matcher:type': 'regex',
    regex: pattern,
    'pact:generator:type': 'ProviderState',
    expression: template,
    value: example,
  } as Matcher<string>;
}

/** `/v71/payments/{pspReference}/{kind}`, the pspReference injected from the provider state. */
export function modificationPath(kind: 'captures' | 'refunds' | 'cancels'): Matcher<string> {
  return fromPaymentState(`${V}/payments/\${pspReference}/${kind}`, `^${V}/payments/${PSP_PATTERN}/${kind}$`, `${V}/payments/${EXAMPLE_PSP}/${kind}`);
}

/** The payment's pspReference echoed in a modification answer. */
export const paymentPspFromState = () => fromPaymentState('${pspReference}', `^${PSP_PATTERN}$`, EXAMPLE_PSP);

/**
 * Every request carries the API key and an Idempotency-Key (Adyen: at most 64 characters). A
 * fixed key when the interaction depends on its exact value (the reused-key case).
 */
export function requestHeaders(idempotencyKey: string, exactKey = false) {
  return {
    'x-api-key': regex('^\\S+$', ADYEN_PACT_API_KEY),
    'Idempotency-Key': exactKey ? idempotencyKey : regex('^\\S{1,64}$', idempotencyKey),
  };
}

/** Adyen's test Visa as the adapter sends it (test-encrypted fields, expiring 03/2030). */
export function testCard(holderName: string) {
  return {
    type: 'scheme',
    encryptedCardNumber: 'test_4111111111111111',
    encryptedExpiryMonth: 'test_03',
    encryptedExpiryYear: 'test_2030',
    encryptedSecurityCode: 'test_737',
    holderName,
  };
}

export interface PaymentsCall {
  reference: string;
  merchantReference: string;
  amount: number;
  currency: string;
  capture: 'manual' | 'automatic';
  holderName: string;
}

/**
 * POST /payments as the adapter sends it. Pinned: amount, merchant account, reference (the core's
 * payment id, which every AUTHORISATION notification echoes), the card (its holder name picks the
 * issuer's answer), and the capture mode (manualCapture "true", or captureDelayHours 0). Matched
 * by type: returnUrl and metadata, which change nothing at the provider.
 */
export function paymentsBody(c: PaymentsCall) {
  return {
    amount: { value: c.amount, currency: c.currency },
    reference: c.reference,
    merchantAccount: ADYEN_PACT_MERCHANT_ACCOUNT,
    returnUrl: like(RETURN_URL),
    paymentMethod: testCard(c.holderName),
    ...(c.capture === 'manual' ? { additionalData: { manualCapture: 'true' } } : { captureDelayHours: 0 }),
    metadata: { merchantReference: like(c.merchantReference) },
  };
}

/**
 * The /payments answer the adapter reads: resultCode and amount exactly (it checks the amount
 * and merchantReference against its request to detect a replay of another request), the
 * pspReference by pattern.
 */
export function paymentsAnswer(o: { resultCode: string; reference: string; amount: number; currency: string; pspReference?: unknown }) {
  return {
    resultCode: o.resultCode,
    pspReference: o.pspReference ?? psp(),
    merchantReference: o.reference,
    amount: { value: o.amount, currency: o.currency },
  };
}

/** A modification body: `/cancels` takes no amount (it releases the whole authorisation). */
export function modificationBody(reference: string, amount?: { value: number; currency: string }) {
  return { merchantAccount: ADYEN_PACT_MERCHANT_ACCOUNT, reference, ...(amount ? { amount } : {}) };
}

/** Adyen's 201 `received`: accepted, the outcome follows by notification. */
export function receivedAnswer(amount?: { value: number; currency: string }) {
  return {
    status: 'received',
    pspReference: psp(EXAMPLE_MODIFICATION_PSP),
    paymentPspReference: paymentPspFromState(),
    ...(amount ? { amount } : {}),
  };
}

/** Adyen's error body; the adapter needs `status`/`errorCode` to know Adyen itself answered. */
export function errorAnswer(status: number, errorCode: string, message: string) {
  return { status, errorCode, message: like(message) };
}
