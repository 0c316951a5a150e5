// The core's Stripe adapter against Pact's mock server: one interaction per test, each run through
// the real adapter (createStripeAdapter) and asserting how it classifies the answer. What the
// interactions pin is what the adapter relies on; the Stripe simulator is verified against the
// resulting pact (stripe.provider.test.ts), and any Stripe-speaking provider can be.
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { createStripeAdapter } from '../../core/index.ts';
import type { CallContext, ProviderAdapter } from '../../core/index.ts';
import { freshConnectionFetch } from '../fresh-connection-fetch.ts';
import { consumerPactDir, driftOf, removePactDir } from '../pact-files.ts';
import { STRIPE_PACT, STRIPE_PACT_API_KEY } from './index.ts';
import { STRIPE_STATES as S } from './states.ts';
import {
  EXAMPLE,
  ID,
  RESPONSE_HEADERS,
  anyValue,
  charge,
  formBody,
  getHeaders,
  injected,
  intentPath,
  paymentIntent,
  postHeaders,
  refund,
  stripeError,
} from './wire.ts';

const { regex } = MatchersV3;

const dir = consumerPactDir(STRIPE_PACT);
const pact = new PactV4({ ...STRIPE_PACT, dir, logLevel: 'error' });
afterAll(() => removePactDir(dir));

const USD_2000 = { amount: 2000, currency: 'usd' };

function adapter(url: string): ProviderAdapter {
  return createStripeAdapter({ baseUrl: url, apiKey: STRIPE_PACT_API_KEY, webhookSecret: 'whsec_pact_unused', fetch: freshConnectionFetch });
}
const ctx = (idempotencyKey: string): CallContext => ({ idempotencyKey, timeoutMs: 10_000 });

/** The form an authorization sends (index.ts authorize). */
function authorizeForm(paymentMethod: string, capture: 'manual' | 'automatic', amount = '2000') {
  return {
    amount,
    currency: 'usd',
    payment_method: paymentMethod,
    confirm: 'true',
    capture_method: capture,
    // The simulator's ledger correlates on metadata[reference]; the values are the core's own.
    'metadata[payment_id]': anyValue('pay_example'),
    'metadata[reference]': anyValue('order-example'),
  };
}
const authorizeRequest = (paymentMethod: string, capture: 'manual' | 'automatic' = 'manual') => ({
  paymentId: 'pay_example',
  merchantReference: 'order-example',
  amount: 2000,
  currency: 'USD',
  paymentMethod,
  capture,
});
const modification = (amount: number) => ({ paymentId: 'pay_example', operationId: 'op_example', providerPaymentId: EXAMPLE.pi, amount, currency: 'USD' });

describe('the core Stripe adapter, as a Pact consumer of Stripe', () => {
  it('authorizes with manual capture: a held PaymentIntent', async () => {
    const key = 'pact-authorize-manual';
    await pact
      .addInteraction()
      .given(S.freshKey)
      .uponReceiving('a request to authorize 2000 usd with manual capture')
      .withRequest('POST', '/v1/payment_intents', (b) => {
        b.headers(postHeaders(key));
        formBody(b, authorizeForm('pm_card_visa', 'manual'));
      })
      .willRespondWith(200, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(paymentIntent({ status: 'requires_capture', amount: 2000, amount_capturable: 2000, amount_received: 0, capture_method: 'manual' }));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).authorize(authorizeRequest('pm_card_visa'), ctx(key));
        expect(result).toEqual({ kind: 'ok', value: { providerPaymentId: EXAMPLE.pi, status: 'authorized', amountAuthorized: 2000, amountCaptured: 0 } });
      });
  });

  it('authorizes with automatic capture: captured at once', async () => {
    const key = 'pact-authorize-automatic';
    await pact
      .addInteraction()
      .given(S.freshKey)
      .uponReceiving('a request to authorize 2000 usd with automatic capture')
      .withRequest('POST', '/v1/payment_intents', (b) => {
        b.headers(postHeaders(key));
        formBody(b, authorizeForm('pm_card_visa', 'automatic'));
      })
      .willRespondWith(200, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(paymentIntent({ status: 'succeeded', amount: 2000, amount_capturable: 0, amount_received: 2000, capture_method: 'automatic' }));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).authorize(authorizeRequest('pm_card_visa', 'automatic'), ctx(key));
        expect(result).toEqual({ kind: 'ok', value: { providerPaymentId: EXAMPLE.pi, status: 'captured', amountAuthorized: 2000, amountCaptured: 2000 } });
      });
  });

  for (const [amount, label] of [
    [2000, 'in full'],
    [1500, 'in part (1500 of 2000)'],
  ] as const) {
    it(`captures ${label}: the capture's reference is the charge`, async () => {
      const key = `pact-capture-${amount}`;
      await pact
        .addInteraction()
        .given(S.authorized, USD_2000)
        .uponReceiving(`a request to capture ${amount} of a payment authorized for 2000 usd`)
        .withRequest('POST', intentPath('/capture'), (b) => {
          b.headers(postHeaders(key));
          formBody(b, { amount_to_capture: String(amount), 'metadata[operation_id]': anyValue('op_example') });
        })
        .willRespondWith(200, (b) => {
          b.headers(RESPONSE_HEADERS);
          // Stripe's single capture releases the rest: nothing stays capturable after a partial one.
          b.jsonBody(paymentIntent({ status: 'succeeded', amount: 2000, amount_capturable: 0, amount_received: amount, capture_method: 'manual' }));
        })
        .executeTest(async (server) => {
          const result = await adapter(server.url).capture(modification(amount), ctx(key));
          expect(result).toEqual({ kind: 'ok', value: { providerReference: EXAMPLE.ch, status: 'succeeded' } });
        });
    });
  }

  for (const [amount, label] of [
    [500, 'in part (500 of 2000)'],
    [2000, 'in full'],
  ] as const) {
    it(`refunds ${label}: the refund's reference is its re_ id`, async () => {
      const key = `pact-refund-${amount}`;
      await pact
        .addInteraction()
        .given(S.captured, USD_2000)
        .uponReceiving(`a request to refund ${amount} of a payment captured for 2000 usd`)
        .withRequest('POST', '/v1/refunds', (b) => {
          b.headers(postHeaders(key));
          formBody(b, {
            payment_intent: injected('${id}', ID.pi, EXAMPLE.pi),
            amount: String(amount),
            'metadata[payment_id]': anyValue('pay_example'),
            'metadata[operation_id]': anyValue('op_example'),
          });
        })
        .willRespondWith(200, (b) => {
          b.headers(RESPONSE_HEADERS);
          b.jsonBody(refund(amount));
        })
        .executeTest(async (server) => {
          const result = await adapter(server.url).refund(modification(amount), ctx(key));
          expect(result).toEqual({ kind: 'ok', value: { providerReference: EXAMPLE.re, status: 'succeeded' } });
        });
    });
  }

  it('voids an authorization: cancel answers a canceled PaymentIntent', async () => {
    const key = 'pact-cancel';
    await pact
      .addInteraction()
      .given(S.authorized, USD_2000)
      .uponReceiving('a request to cancel a payment authorized for 2000 usd')
      .withRequest('POST', intentPath('/cancel'), (b) => {
        // Stripe releases the whole hold, so the adapter sends no amount. Pact cannot pin an empty
        // form (its mock server reads an expected empty body as "present, 0 bytes" and the request's
        // as absent), so the body is left open here; core/adapters/stripe tests pin it.
        b.headers(postHeaders(key));
      })
      .willRespondWith(200, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(paymentIntent({ status: 'canceled', amount: 2000, amount_capturable: 0, amount_received: 0, capture_method: 'manual' }));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).void(modification(2000), ctx(key));
        expect(result).toEqual({ kind: 'ok', value: { providerReference: EXAMPLE.pi, status: 'succeeded' } });
      });
  });

  it('retrieves a captured, partly refunded payment for reconciliation', async () => {
    await pact
      .addInteraction()
      .given(S.partiallyRefunded, { ...USD_2000, refunded: 500 })
      .uponReceiving('a request for a payment captured for 2000 usd with 500 refunded, its charge expanded')
      .withRequest('GET', intentPath(), (b) => {
        b.headers(getHeaders());
        b.query({ 'expand[]': 'latest_charge' });
      })
      .willRespondWith(200, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(paymentIntent({ status: 'succeeded', amount: 2000, amount_capturable: 0, amount_received: 2000, capture_method: 'automatic' }, charge(2000, 500)));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).retrieve(EXAMPLE.pi, { timeoutMs: 10_000 });
        expect(result).toEqual({
          kind: 'ok',
          value: { providerPaymentId: EXAMPLE.pi, status: 'captured', amountAuthorized: 2000, amountCaptured: 2000, amountRefunded: 500, currency: 'USD' },
        });
      });
  });

  it('retrieves a canceled authorization: what was held shows through its succeeded charge', async () => {
    await pact
      .addInteraction()
      .given(S.canceled, USD_2000)
      .uponReceiving('a request for a payment authorized for 2000 usd and canceled, its charge expanded')
      .withRequest('GET', intentPath(), (b) => {
        b.headers(getHeaders());
        b.query({ 'expand[]': 'latest_charge' });
      })
      .willRespondWith(200, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(paymentIntent({ status: 'canceled', amount: 2000, amount_capturable: 0, amount_received: 0, capture_method: 'manual' }, charge(0, 0)));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).retrieve(EXAMPLE.pi, { timeoutMs: 10_000 });
        expect(result).toEqual({
          kind: 'ok',
          value: { providerPaymentId: EXAMPLE.pi, status: 'voided', amountAuthorized: 2000, amountCaptured: 0, amountRefunded: 0, currency: 'USD' },
        });
      });
  });

  // Stripe's declining test PaymentMethods. The adapter's decline code is `decline_code ?? code`:
  // card_declined answers carry a decline_code; expired_card, incorrect_cvc and processing_error
  // are their own error codes and Stripe does not promise a decline_code with them.
  const DECLINES: [paymentMethod: string, code: string, declineCode: string | undefined][] = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', undefined],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', undefined],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', undefined],
  ];
  for (const [paymentMethod, code, declineCode] of DECLINES) {
    const expected = declineCode ?? code;
    it(`reports ${paymentMethod} as a decline (${expected}), not an error`, async () => {
      const key = `pact-decline-${expected}`;
      await pact
        .addInteraction()
        .given(S.freshKey)
        .uponReceiving(`a request to authorize 2000 usd with ${paymentMethod}`)
        .withRequest('POST', '/v1/payment_intents', (b) => {
          b.headers(postHeaders(key));
          formBody(b, authorizeForm(paymentMethod, 'manual'));
        })
        .willRespondWith(402, (b) => {
          b.headers(RESPONSE_HEADERS);
          b.jsonBody(
            stripeError('card_error', code, {
              ...(declineCode !== undefined ? { decline_code: declineCode } : {}),
              payment_intent: { id: regex(ID.pi, EXAMPLE.pi), object: 'payment_intent', status: 'requires_payment_method' },
            }),
          );
        })
        .executeTest(async (server) => {
          const result = await adapter(server.url).authorize(authorizeRequest(paymentMethod), ctx(key));
          expect(result).toEqual({ kind: 'declined', code: expected, message: 'An example message.', providerPaymentId: EXAMPLE.pi });
        });
    });
  }

  it('reads a 500 on authorize as indeterminate: the request may have executed', async () => {
    const key = 'pact-authorize-500';
    await pact
      .addInteraction()
      .given(S.freshKey)
      .given(S.nextFails, { operation: 'stripe.payment_intents.create', status: 500 })
      .uponReceiving('a request to authorize 2000 usd while Stripe fails with 500')
      .withRequest('POST', '/v1/payment_intents', (b) => {
        b.headers(postHeaders(key));
        formBody(b, authorizeForm('pm_card_visa', 'manual'));
      })
      .willRespondWith(500, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(stripeError('api_error'));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).authorize(authorizeRequest('pm_card_visa'), ctx(key));
        expect(result).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining('500') });
      });
  });

  it('reads a 503 on refund as a retryable provider error: refused in front of the API', async () => {
    const key = 'pact-refund-503';
    await pact
      .addInteraction()
      .given(S.captured, USD_2000)
      .given(S.nextFails, { operation: 'stripe.refunds.create', status: 503 })
      .uponReceiving('a request to refund 500 of a payment captured for 2000 usd while Stripe answers 503')
      .withRequest('POST', '/v1/refunds', (b) => {
        b.headers(postHeaders(key));
        formBody(b, {
          payment_intent: injected('${id}', ID.pi, EXAMPLE.pi),
          amount: '500',
          'metadata[payment_id]': anyValue('pay_example'),
          'metadata[operation_id]': anyValue('op_example'),
        });
      })
      .willRespondWith(503, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(stripeError('api_error'));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).refund(modification(500), ctx(key));
        expect(result).toEqual({ kind: 'provider_error', status: 503, code: 'api_error', message: 'An example message.', retryable: true });
      });
  });

  it('reads a 429 on capture as a retryable provider error with its Retry-After', async () => {
    const key = 'pact-capture-429';
    await pact
      .addInteraction()
      .given(S.authorized, USD_2000)
      .given(S.nextRateLimited, { operation: 'stripe.payment_intents.capture', retryAfterSeconds: 2 })
      .uponReceiving('a request to capture 2000 of a payment authorized for 2000 usd while Stripe rate-limits')
      .withRequest('POST', intentPath('/capture'), (b) => {
        b.headers(postHeaders(key));
        formBody(b, { amount_to_capture: '2000', 'metadata[operation_id]': anyValue('op_example') });
      })
      .willRespondWith(429, (b) => {
        b.headers({ ...RESPONSE_HEADERS, 'Retry-After': '2' });
        b.jsonBody(stripeError('invalid_request_error', 'rate_limit'));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).capture(modification(2000), ctx(key));
        expect(result).toEqual({ kind: 'provider_error', status: 429, code: 'rate_limit', message: 'An example message.', retryable: true, retryAfterMs: 2000 });
      });
  });

  it('reads a reused key with other parameters (400 idempotency_error) as an invalid request', async () => {
    const key = 'pact-authorize-reused';
    await pact
      .addInteraction()
      .given(S.authorizedUnderKey, { amount: 1000, currency: 'usd' })
      .uponReceiving('a request to authorize 2000 usd under a key that already authorized 1000 usd')
      .withRequest('POST', '/v1/payment_intents', (b) => {
        b.headers(postHeaders(key));
        formBody(b, authorizeForm('pm_card_visa', 'manual'));
      })
      .willRespondWith(400, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(stripeError('idempotency_error'));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).authorize(authorizeRequest('pm_card_visa'), ctx(key));
        expect(result).toEqual({ kind: 'invalid_request', status: 400, code: 'idempotency_error', message: 'An example message.' });
      });
  });

  it('reads a key still in flight (409) as a retryable provider error', async () => {
    const key = 'pact-refund-in-flight';
    await pact
      .addInteraction()
      .given(S.refundInFlight, { ...USD_2000, refundAmount: 500 })
      .uponReceiving('a request to refund 500 under the key of a refund still in flight')
      .withRequest('POST', '/v1/refunds', (b) => {
        b.headers(postHeaders(key));
        formBody(b, {
          payment_intent: injected('${id}', ID.pi, EXAMPLE.pi),
          amount: '500',
          'metadata[payment_id]': anyValue('pay_example'),
          'metadata[operation_id]': anyValue('op_example'),
        });
      })
      .willRespondWith(409, (b) => {
        b.headers(RESPONSE_HEADERS);
        b.jsonBody(stripeError('idempotency_error', 'idempotency_key_in_use'));
      })
      .executeTest(async (server) => {
        const result = await adapter(server.url).refund(modification(500), ctx(key));
        expect(result).toEqual({ kind: 'provider_error', status: 409, code: 'idempotency_key_in_use', message: 'An example message.', retryable: true });
      });
  });

  // Last: every interaction above has been written by now.
  it('generates exactly the committed pact (contracts/pacts/)', () => {
    expect(driftOf(STRIPE_PACT, dir)).toBeUndefined();
  });
});
