// The narrated demo: both simulators as real servers, a merchant-side receiver, and the faults
// that cause double captures in production, shown on the wire and checked against the ledger.
import type { Movement } from '../../simulators/index.ts';
import { generateWorldSecrets } from '../live/secrets.ts';
import { startLiveSimulator, type LiveSimulator } from '../live/simulators.ts';
import { call, mustCall } from './http.ts';
import { Narrator } from './narrator.ts';
import { startReceiver, type Receiver } from './receiver.ts';

// Fresh for every demo, as in every world: nothing here is a key anyone else knows.
const SECRETS = generateWorldSecrets();
const STRIPE_AUTH = { authorization: `Bearer ${SECRETS.stripe.apiKey}` };
const ADYEN_AUTH = { 'x-api-key': SECRETS.adyen.apiKey };

export async function runDemo(seed: number, write?: (line: string) => void): Promise<string[]> {
  const n = new Narrator(write);
  const receiver = await startReceiver({ stripe: SECRETS.stripe.webhookSecret, adyenHmacKey: SECRETS.adyen.hmacKey }, () => Date.now());
  const stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed, webhookUrl: receiver.url('stripe'), webhookSecret: SECRETS.stripe.webhookSecret });
  const adyen = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: seed + 1, webhookUrl: receiver.url('adyen'), hmacKey: SECRETS.adyen.hmacKey, apiKey: SECRETS.adyen.apiKey });
  try {
    n.chapter(`Gauntlet demo (seed ${seed})`);
    n.detail(`Stripe simulator ${stripe.url}   Adyen simulator ${adyen.url}   merchant webhook receiver ${receiver.url('stripe').replace(/\/webhooks.*/, '')}`);
    await stripeStory(n, stripe, receiver);
    await adyenStory(n, adyen, receiver);
  } finally {
    await stripe.stop();
    await adyen.stop();
    await receiver.close();
  }
  return n.broken;
}

async function ledger(sim: LiveSimulator, paymentId: string): Promise<Movement[]> {
  const res = await mustCall(`${sim.url}/__gauntlet/ledger?payment=${encodeURIComponent(paymentId)}`);
  return res.body.movements as Movement[];
}

async function setFaults(sim: LiveSimulator, rules: unknown[]): Promise<void> {
  const res = await mustCall(`${sim.url}/__gauntlet/faults`, { method: 'PUT', json: { rules } });
  if (res.status !== 200) throw new Error(`fault plan refused: ${JSON.stringify(res.body)}`);
}

async function drainWebhooks(sim: LiveSimulator): Promise<void> {
  await mustCall(`${sim.url}/__gauntlet/webhooks/flush`, { method: 'POST' });
}

async function stripeStory(n: Narrator, sim: LiveSimulator, receiver: Receiver): Promise<void> {
  n.chapter('Stripe: the capture that timed out after the money moved');
  n.say('Authorize 42.00 USD on pm_card_visa with manual capture (order-1001).');
  const auth = await mustCall(`${sim.url}/v1/payment_intents`, {
    headers: { ...STRIPE_AUTH, 'idempotency-key': 'demo-authorize-1001' },
    form: { amount: '4200', currency: 'usd', payment_method: 'pm_card_visa', confirm: 'true', capture_method: 'manual', 'metadata[reference]': 'order-1001' },
  });
  const pi = String(auth.body.id);
  n.check(`PaymentIntent ${pi} is requires_capture`, auth.body.status === 'requires_capture');

  n.say('Fault plan: the next capture commits at the PSP, then the connection dies before the answer.');
  await setFaults(sim, [{ id: 'capture-timeout', match: { operation: 'stripe.payment_intents.capture' }, times: 1, effect: { type: 'timeout_after_commit', hangMs: 200 } }]);
  n.say('Capture with Idempotency-Key demo-capture-1001.');
  const first = await call(`${sim.url}/v1/payment_intents/${pi}/capture`, { headers: { ...STRIPE_AUTH, 'idempotency-key': 'demo-capture-1001' }, form: {}, timeoutMs: 2_000 });
  n.check(`the client got no answer (${first.ok ? `HTTP ${first.result.status}` : first.error})`, !first.ok);
  let moves = await ledger(sim, pi);
  n.check('yet the PSP ledger holds the capture of 4200: a client that calls this "failed" is wrong', moves.filter((m) => m.kind === 'capture').map((m) => m.amount).join() === '4200');

  n.say('Retry the capture with the same Idempotency-Key, as a correct client does.');
  const retry = await mustCall(`${sim.url}/v1/payment_intents/${pi}/capture`, { headers: { ...STRIPE_AUTH, 'idempotency-key': 'demo-capture-1001' }, form: {} });
  n.check(`HTTP ${retry.status}, Idempotent-Replayed: ${retry.headers.get('idempotent-replayed')}, status ${String(retry.body.status)}`, retry.status === 200 && retry.headers.get('idempotent-replayed') === 'true');
  moves = await ledger(sim, pi);
  n.check('the ledger still holds exactly one capture: no double capture', moves.filter((m) => m.kind === 'capture').length === 1);

  n.say('A retry WITHOUT the key would be a new request: the PSP refuses it only because the intent is already captured.');
  const naive = await mustCall(`${sim.url}/v1/payment_intents/${pi}/capture`, { headers: STRIPE_AUTH, form: {} });
  const naiveError = (naive.body.error ?? {}) as Record<string, unknown>;
  n.check(`HTTP ${naive.status} ${String(naiveError.code)}`, naive.status === 400 && naiveError.code === 'payment_intent_unexpected_state');

  n.chapter('Stripe: an issuer decline is not a platform failure');
  n.say('Authorize 10.00 USD on pm_card_chargeDeclinedInsufficientFunds.');
  const declined = await mustCall(`${sim.url}/v1/payment_intents`, {
    headers: STRIPE_AUTH,
    form: { amount: '1000', currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: 'true' },
  });
  const declineError = (declined.body.error ?? {}) as Record<string, unknown>;
  n.check(`HTTP ${declined.status} ${String(declineError.type)} ${String(declineError.code)}/${String(declineError.decline_code)}`, declined.status === 402 && declineError.decline_code === 'insufficient_funds');

  n.chapter('Stripe: webhooks that arrive twice, and one that was forged');
  n.say('Fault plan: every charge.refunded is delivered 3 times; a forged copy of each refund.created goes first.');
  await setFaults(sim, [
    { match: { event: 'charge.refunded' }, effect: { type: 'duplicate', copies: 2 } },
    { match: { event: 'refund.created' }, effect: { type: 'bad_signature' } },
  ]);
  n.say('Refund 10.00 of the captured 42.00.');
  const refund = await mustCall(`${sim.url}/v1/refunds`, { headers: { ...STRIPE_AUTH, 'idempotency-key': 'demo-refund-1001-1' }, form: { payment_intent: pi, amount: '1000' } });
  n.check(`refund ${String(refund.body.id)} ${String(refund.body.status)}`, refund.status === 200 && refund.body.status === 'succeeded');
  await drainWebhooks(sim);
  const stripeSeen = receiver.received.filter((r) => r.provider === 'stripe');
  const refundedCopies = stripeSeen.filter((r) => r.type === 'charge.refunded' && r.verdict === 'accepted').length;
  n.check(`the receiver accepted charge.refunded ${refundedCopies} times: it must dedupe by event id or refund thrice`, refundedCopies === 3);
  const forged = stripeSeen.filter((r) => r.verdict === 'bad_signature').length;
  n.check(`the receiver rejected ${forged} forged delivery by its signature`, forged === 1);
  n.detail(`events seen: ${[...new Set(stripeSeen.map((r) => r.type))].join(', ')}`);
  await setFaults(sim, []);
}

async function adyenStory(n: Narrator, sim: LiveSimulator, receiver: Receiver): Promise<void> {
  n.chapter('Adyen: a refusal by holder name, a capture confirmed by notification');
  const card = { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' };
  n.say('Pay 25.00 EUR with holderName NOT_ENOUGH_BALANCE (order-2001).');
  const refused = await mustCall(`${sim.url}/v71/payments`, {
    headers: ADYEN_AUTH,
    json: { amount: { value: 2500, currency: 'EUR' }, reference: 'order-2001', merchantAccount: 'GauntletDemo', returnUrl: 'https://merchant.example/return', paymentMethod: { ...card, holderName: 'NOT_ENOUGH_BALANCE' } },
  });
  n.check(`resultCode ${String(refused.body.resultCode)}, refusalReason "${String(refused.body.refusalReason)}"`, refused.body.resultCode === 'Refused');

  n.say('Pay 25.00 EUR with a good card, manual capture (order-2002).');
  const paid = await mustCall(`${sim.url}/v71/payments`, {
    headers: { ...ADYEN_AUTH, 'idempotency-key': 'demo-pay-2002' },
    json: {
      amount: { value: 2500, currency: 'EUR' },
      reference: 'order-2002',
      merchantAccount: 'GauntletDemo',
      returnUrl: 'https://merchant.example/return',
      paymentMethod: { ...card, holderName: 'Ada Lovelace' },
      additionalData: { manualCapture: 'true' },
    },
  });
  const psp = String(paid.body.pspReference);
  n.check(`resultCode ${String(paid.body.resultCode)}, pspReference ${psp}`, paid.body.resultCode === 'Authorised');

  n.say('Fault plan: the capture request fails with a 500 once; the first CAPTURE notification is lost in transit.');
  await setFaults(sim, [
    { match: { operation: 'adyen.captures' }, times: 1, effect: { type: 'error', status: 500 } },
    { match: { event: 'CAPTURE' }, effect: { type: 'drop' } },
  ]);
  const capture = { amount: { value: 2500, currency: 'EUR' }, merchantAccount: 'GauntletDemo', reference: 'order-2002-capture' };
  const failed = await mustCall(`${sim.url}/v71/payments/${psp}/captures`, { headers: { ...ADYEN_AUTH, 'idempotency-key': 'demo-capture-2002' }, json: capture });
  n.check(`first capture: HTTP ${failed.status} ${String(failed.body.errorType)}: nothing moved`, failed.status === 500 && (await ledger(sim, psp)).every((m) => m.kind !== 'capture'));
  const received = await mustCall(`${sim.url}/v71/payments/${psp}/captures`, { headers: { ...ADYEN_AUTH, 'idempotency-key': 'demo-capture-2002' }, json: capture });
  n.check(`retry: HTTP ${received.status} status "${String(received.body.status)}": the outcome comes by notification`, received.status === 201 && received.body.status === 'received');
  await drainWebhooks(sim);
  const captures = receiver.received.filter((r) => r.provider === 'adyen' && r.type === 'CAPTURE' && r.verdict === 'accepted');
  n.check(`the CAPTURE notification arrived on the retry after its first delivery was lost (${captures.length} accepted)`, captures.length === 1);
  const moves = await ledger(sim, psp);
  n.check(`ledger for ${psp}: ${moves.map((m) => `${m.kind} ${m.amount}`).join(', ')}`, moves.filter((m) => m.kind === 'capture').length === 1);
  await setFaults(sim, []);
}
