// Message providers for the Adyen notification pact: each makes a running Adyen simulator send
// the notification its description names, through Checkout (`/v71/payments` and its
// modifications, Adyen's test holder names) and the Gauntlet control API (chargebacks, flush),
// and returns the notification that reached a local endpoint registered with
// `POST /__gauntlet/webhook-endpoints` under a fresh HMAC key: the exact body, every item's
// hmacSignature checked genuine with that key. Adyen signs inside the body, so no metadata.
import { randomBytes } from 'node:crypto';
import type { AdyenMessage } from './descriptions.ts';
import { expectStatus, jsonInit } from './http.ts';
import { DEFAULT_DELIVERY_TIMEOUT_MS, freshId, type ProducedMessage, type ProducerOptions, type ProducerSession } from './producer.ts';
import { startReceiver, type Delivery } from './receiver.ts';
import { isGenuineAdyen } from './signing.ts';

export interface AdyenProducerOptions extends ProducerOptions {
  /** Checkout's `x-api-key`. */
  apiKey?: string;
  merchantAccount?: string;
}

const AMOUNT = { value: 2500, currency: 'EUR' };
const PART = { value: 1000, currency: 'EUR' };
const TOO_MUCH = { value: 9000, currency: 'EUR' };
const RETURN_URL = 'https://gauntlet.invalid/adyen/return';
/** Adyen's public test Visa, as its test-encrypted fields (no real card anywhere). */
const TEST_CARD = { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' };

interface Item {
  eventCode?: unknown;
  pspReference?: unknown;
}

export async function adyenProducers(o: AdyenProducerOptions): Promise<ProducerSession<AdyenMessage>> {
  const base = o.baseUrl.replace(/\/$/, '');
  const headers = { 'x-api-key': o.apiKey ?? 'gauntlet_contracts_key' };
  const merchantAccount = o.merchantAccount ?? 'GauntletCore';
  const timeoutMs = o.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const hmacKey = randomBytes(32).toString('hex').toUpperCase();
  const receiver = await startReceiver({
    isGenuine: (raw) => isGenuineAdyen(raw, hmacKey),
    acknowledgement: { body: '[accepted]', contentType: 'text/plain' },
    ...(o.receiverHost ? { host: o.receiverHost } : {}),
  });
  let endpointId: unknown;
  try {
    ({ id: endpointId } = await expectStatus('registering a notification endpoint', [200, 201], `${base}/__gauntlet/webhook-endpoints`, jsonInit({ url: receiver.url, secret: hmacKey })));
  } catch (err) {
    await receiver.close();
    throw err;
  }

  const checkout = (what: string, path: string, body: Record<string, unknown>, expected: number[]) =>
    expectStatus(what, expected, `${base}/v71${path}`, jsonInit({ merchantAccount, ...body }, headers));

  /** A card payment; its pspReference. `holderName` picks the issuer's answer (Adyen's test names). */
  async function payment(capture: 'manual' | 'automatic', holderName = 'John Smith'): Promise<string> {
    const answer = await checkout(`a ${capture}-capture payment by ${holderName}`, '/payments', {
      amount: AMOUNT,
      reference: freshId('pay_'),
      returnUrl: RETURN_URL,
      paymentMethod: { ...TEST_CARD, holderName },
      ...(capture === 'manual' ? { additionalData: { manualCapture: 'true' } } : { captureDelayHours: 0 }),
    }, [200]);
    return pspOf(answer, 'the payment');
  }

  /** A capture / refund / cancel / reversal; the modification's own pspReference. */
  async function modify(kind: 'captures' | 'refunds' | 'cancels' | 'reversals', psp: string, amount?: { value: number; currency: string }): Promise<string> {
    const answer = await checkout(kind, `/payments/${psp}/${kind}`, { reference: freshId('op_'), ...(amount ? { amount } : {}) }, [201]);
    return pspOf(answer, kind);
  }

  /** Flushes the notification queue and takes the genuine `eventCode` notification for `psp`. */
  async function receive(eventCode: string, psp: string): Promise<ProducedMessage> {
    await expectStatus('flushing notifications', [200], `${base}/__gauntlet/webhooks/flush`, { method: 'POST' });
    const about = (d: Delivery) => {
      const items = (d.body as { notificationItems?: { NotificationRequestItem?: Item }[] } | undefined)?.notificationItems;
      return Array.isArray(items) && items.some((i) => i.NotificationRequestItem?.eventCode === eventCode && i.NotificationRequestItem.pspReference === psp);
    };
    const genuine = await receiver.waitFor(about, timeoutMs);
    if (!genuine) {
      const refused = receiver.deliveries.filter((d) => !d.genuine && about(d)).length;
      throw new Error(`no genuinely signed ${eventCode} notification for ${psp} arrived within ${timeoutMs} ms${refused ? ` (${refused} with an hmacSignature that does not verify)` : ''}`);
    }
    return { body: genuine.body, metadata: {} };
  }

  const producers: Record<AdyenMessage, () => Promise<ProducedMessage>> = {
    authorised: async () => receive('AUTHORISATION', await payment('manual')),
    refused: async () => receive('AUTHORISATION', await payment('manual', 'NOT_ENOUGH_BALANCE')),
    captured: async () => receive('CAPTURE', await modify('captures', await payment('manual'), AMOUNT)),
    // Adyen accepts a capture above the authorisation (201 received) and refuses it by notification.
    captureFailed: async () => receive('CAPTURE', await modify('captures', await payment('manual'), TOO_MUCH)),
    refunded: async () => receive('REFUND', await modify('refunds', await payment('automatic'), PART)),
    refundFailed: async () => receive('REFUND', await modify('refunds', await payment('automatic'), TOO_MUCH)),
    cancelled: async () => receive('CANCELLATION', await modify('cancels', await payment('manual'))),
    cancelFailed: async () => receive('CANCELLATION', await modify('cancels', await payment('automatic'))),
    reversedByCancel: async () => receive('CANCEL_OR_REFUND', await modify('reversals', await payment('manual'))),
    reversedByRefund: async () => receive('CANCEL_OR_REFUND', await modify('reversals', await payment('automatic'))),
    async chargeback() {
      const psp = await payment('automatic');
      const dispute = await expectStatus('opening a chargeback', [201], `${base}/__gauntlet/disputes`, jsonInit({ paymentId: psp, reason: 'fraudulent' }));
      if (typeof dispute.disputeId !== 'string') throw new Error(`opening a chargeback: no disputeId in ${JSON.stringify(dispute)}`);
      return receive('CHARGEBACK', dispute.disputeId);
    },
  };

  return {
    producers,
    async close() {
      // Endpoints are capped (16, as Stripe's): a session removes its own, best effort, so a
      // long-running simulator neither fills up nor retries deliveries to a closed port.
      if (typeof endpointId === 'string') await fetch(`${base}/__gauntlet/webhook-endpoints/${encodeURIComponent(endpointId)}`, { method: 'DELETE' }).catch(() => undefined);
      await receiver.close();
    },
  };
}

function pspOf(answer: Record<string, unknown>, what: string): string {
  if (typeof answer.pspReference !== 'string') throw new Error(`${what}: no pspReference in ${JSON.stringify(answer).slice(0, 300)}`);
  return answer.pspReference;
}
