// Message providers for the Stripe webhook pact: each makes a running Stripe simulator emit the
// event its description names, through Stripe's own API (PaymentIntents, Refunds, test
// PaymentMethods) and the Gauntlet control API (disputes, flush), and returns the delivery that
// reached a local endpoint registered with `POST /v1/webhook_endpoints`: the exact body and its
// Stripe-Signature, checked genuine with the secret Stripe returned for that endpoint.
import type { StripeMessage } from './descriptions.ts';
import { expectStatus, formInit, jsonInit, send } from './http.ts';
import { DEFAULT_DELIVERY_TIMEOUT_MS, freshId, type ProducedMessage, type ProducerOptions, type ProducerSession } from './producer.ts';
import { startReceiver, type Delivery } from './receiver.ts';
import { isGenuineStripe } from './signing.ts';

export interface StripeProducerOptions extends ProducerOptions {
  /** Any test-mode secret key the provider accepts. */
  apiKey?: string;
}

const AMOUNT = 2500;
const REFUND = 1000;

interface StripeEventBody {
  type?: unknown;
  data?: { object?: { id?: unknown; payment_intent?: unknown } };
}

export async function stripeProducers(o: StripeProducerOptions): Promise<ProducerSession<StripeMessage>> {
  const base = o.baseUrl.replace(/\/$/, '');
  const apiKey = o.apiKey ?? 'sk_test_gauntlet_contracts';
  const timeoutMs = o.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  let secret = '';
  const receiver = await startReceiver({
    isGenuine: (raw, headers) => secret !== '' && isGenuineStripe(raw, headers['stripe-signature'], secret),
    acknowledgement: { body: '{"received":true}', contentType: 'application/json' },
    ...(o.receiverHost ? { host: o.receiverHost } : {}),
  });
  let endpointId: string;
  try {
    const endpoint = await expectStatus('registering a webhook endpoint', [200], `${base}/v1/webhook_endpoints`, formInit([['url', receiver.url], ['enabled_events[]', '*']], apiKey));
    if (typeof endpoint.secret !== 'string' || typeof endpoint.id !== 'string') throw new Error(`the webhook endpoint answer has no id and secret: ${JSON.stringify(endpoint)}`);
    secret = endpoint.secret;
    endpointId = endpoint.id;
  } catch (err) {
    await receiver.close();
    throw err;
  }

  const post = (what: string, path: string, pairs: [string, string | number][], expected = [200]) => expectStatus(what, expected, `${base}${path}`, formInit(pairs, apiKey));

  /** A confirmed PaymentIntent; its id (a 402 decline names it in the error). */
  async function intent(capture: 'manual' | 'automatic', paymentMethod = 'pm_card_visa'): Promise<string> {
    const answer = await post(`creating a ${capture}-capture PaymentIntent with ${paymentMethod}`, '/v1/payment_intents', [
      ['amount', AMOUNT],
      ['currency', 'eur'],
      ['payment_method', paymentMethod],
      ['confirm', 'true'],
      ['capture_method', capture],
      ['metadata[payment_id]', freshId('pay_')],
    ], [200, 402]);
    const id = answer.id ?? (answer.error as { payment_intent?: { id?: unknown } } | undefined)?.payment_intent?.id;
    if (typeof id !== 'string') throw new Error(`creating a PaymentIntent: no id in ${JSON.stringify(answer).slice(0, 300)}`);
    return id;
  }

  /** Flushes the provider's webhook queue and takes the genuine `type` event about `intentId`. */
  async function receive(type: string, intentId: string): Promise<ProducedMessage> {
    await expectStatus('flushing webhooks', [200], `${base}/__gauntlet/webhooks/flush`, { method: 'POST' });
    const about = (d: Delivery) => {
      const body = d.body as StripeEventBody | undefined;
      const object = body?.data?.object;
      return body?.type === type && (object?.id === intentId || object?.payment_intent === intentId);
    };
    const genuine = await receiver.waitFor(about, timeoutMs);
    if (!genuine) {
      const refused = receiver.deliveries.filter((d) => !d.genuine && about(d)).length;
      throw new Error(`no genuinely signed ${type} for ${intentId} arrived within ${timeoutMs} ms${refused ? ` (${refused} with a signature that does not verify)` : ''}`);
    }
    return { body: genuine.body, metadata: { 'Stripe-Signature': genuine.headers['stripe-signature'] ?? '' } };
  }

  const producers: Record<StripeMessage, () => Promise<ProducedMessage>> = {
    async authorized() {
      return receive('payment_intent.amount_capturable_updated', await intent('manual'));
    },
    async captured() {
      const pi = await intent('manual');
      await post('capturing', `/v1/payment_intents/${pi}/capture`, [['amount_to_capture', AMOUNT], ['metadata[operation_id]', freshId('op_')]]);
      return receive('payment_intent.succeeded', pi);
    },
    async capturedAutomatically() {
      return receive('payment_intent.succeeded', await intent('automatic'));
    },
    async declined() {
      return receive('payment_intent.payment_failed', await intent('manual', 'pm_card_chargeDeclinedInsufficientFunds'));
    },
    async canceled() {
      const pi = await intent('manual');
      await post('cancelling', `/v1/payment_intents/${pi}/cancel`, []);
      return receive('payment_intent.canceled', pi);
    },
    async refunded() {
      const pi = await intent('automatic');
      await post('refunding', '/v1/refunds', [['payment_intent', pi], ['amount', REFUND], ['metadata[payment_id]', freshId('pay_')], ['metadata[operation_id]', freshId('op_')]]);
      return receive('refund.created', pi);
    },
    async disputed() {
      const pi = await intent('automatic');
      await expectStatus('opening a dispute', [201], `${base}/__gauntlet/disputes`, jsonInit({ paymentId: pi, reason: 'fraudulent' }));
      return receive('charge.dispute.created', pi);
    },
  };

  return {
    producers,
    async close() {
      // Best effort: a provider that cannot delete endpoints keeps retrying a closed port.
      await send(`${base}/v1/webhook_endpoints/${endpointId}`, { method: 'DELETE', headers: { authorization: `Bearer ${apiKey}` } }).catch(() => undefined);
      await receiver.close();
    },
  };
}
