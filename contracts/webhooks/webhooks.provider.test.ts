// Provider verification of the webhook message pacts against the real simulators, served on
// loopback: every message the core's inbox expects must come out of the simulator, signed, with
// the shape the consumer pinned. And the verification must be able to say no: a provider whose
// messages break the contract, or whose only deliveries of an event are forgeries, fails with
// the broken messages named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from '../../harness/index.ts';
import { isUpdating } from '../pact-files.ts';
import { STRIPE_MESSAGES, ADYEN_MESSAGES } from './descriptions.ts';
import { verifyWebhookPact } from './index.ts';
import type { MessageProducer } from './producer.ts';
import { openWebhookProducers, webhookPactFile } from './sessions.ts';
import { verifyMessagePact } from './verify-messages.ts';

const failing = (r: { interactions: { description: string; ok: boolean }[] }) => r.interactions.filter((i) => !i.ok).map((i) => i.description);

// During an update (GAUNTLET_PACT_UPDATE=1) contracts/pacts/ is about to be replaced by the pacts
// being staged: verification waits for the run that follows, against the new files.
describe.skipIf(isUpdating())('webhook message pacts ↔ the simulators (provider verification)', () => {
  let stripe: LiveSimulator;
  let adyen: LiveSimulator;
  beforeAll(async () => {
    [stripe, adyen] = await Promise.all([startLiveSimulator({ dialect: 'stripe', port: 0, seed: 7 }), startLiveSimulator({ dialect: 'adyen', port: 0, seed: 7 })]);
  });
  afterAll(async () => {
    await Promise.all([stripe?.stop(), adyen?.stop()]);
  });

  it('the Stripe simulator sends every event the pact holds, genuinely signed', async () => {
    const report = await verifyWebhookPact({ provider: 'stripe', baseUrl: stripe.url });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.interactions.map((i) => i.description).sort()).toEqual(Object.values(STRIPE_MESSAGES).sort());
  });

  it('the Adyen simulator sends every notification the pact holds, genuinely signed', async () => {
    const report = await verifyWebhookPact({ provider: 'adyen', baseUrl: adyen.url });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.interactions.map((i) => i.description).sort()).toEqual(Object.values(ADYEN_MESSAGES).sort());
  });

  it('a provider whose messages break the contract fails, naming each broken message and why', async () => {
    const session = await openWebhookProducers({ provider: 'stripe', baseUrl: stripe.url });
    try {
      const producers: Record<string, MessageProducer> = { ...session.producers };
      // An amount sent as a string, and a signature header in a scheme the consumer cannot verify.
      producers[STRIPE_MESSAGES.captured] = tamper(session.producers[STRIPE_MESSAGES.captured]!, (m) => {
        (m.body as { data: { object: { amount_received: unknown } } }).data.object.amount_received = '2500';
      });
      producers[STRIPE_MESSAGES.declined] = tamper(session.producers[STRIPE_MESSAGES.declined]!, (m) => {
        m.metadata['Stripe-Signature'] = `sha256=${'0'.repeat(64)}`;
      });
      const report = await verifyMessagePact({ pactFile: webhookPactFile('stripe'), baseUrl: stripe.url, producers });
      expect(report.ok).toBe(false);
      expect(failing(report).sort()).toEqual([STRIPE_MESSAGES.captured, STRIPE_MESSAGES.declined].sort());
      const byName = (d: string) => report.interactions.find((i) => i.description === d)!.mismatches.join('\n');
      expect(byName(STRIPE_MESSAGES.captured)).toMatch(/\$\.data\.object\.amount_received/);
      expect(byName(STRIPE_MESSAGES.declined)).toMatch(/Stripe-Signature/);
    } finally {
      await session.close();
    }
  });

  it('a simulator that delivers only forged copies of an event fails that message; forged and duplicate copies of the others do not fool it', async () => {
    // Every event goes out with a forgery ahead of it, the intents' events twice; the genuine
    // charge.dispute.created is lost on every attempt (20 > Stripe's 15 retries), so only its
    // forgery ever arrives.
    const plan = {
      rules: [
        { match: { event: '*' }, effect: { type: 'bad_signature' as const } },
        { match: { event: 'payment_intent.*' }, effect: { type: 'duplicate' as const } },
        { match: { event: 'charge.dispute.created' }, effect: { type: 'drop' as const, attempts: 20 } },
      ],
    };
    const faulty = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: 11, plan });
    try {
      const report = await verifyWebhookPact({ provider: 'stripe', baseUrl: faulty.url, deliveryTimeoutMs: 500 });
      expect(report.ok).toBe(false);
      expect(failing(report)).toEqual([STRIPE_MESSAGES.disputed]);
      const disputed = report.interactions.find((i) => i.description === STRIPE_MESSAGES.disputed)!;
      expect(disputed.mismatches.join('\n')).toMatch(/no genuinely signed charge\.dispute\.created .* \(\d+ with a signature that does not verify\)/);
    } finally {
      await faulty.stop();
    }
  });

  it('a provider that cannot be reached fails every message with the reason', async () => {
    const report = await verifyWebhookPact({ provider: 'adyen', baseUrl: 'http://127.0.0.1:9' });
    expect(report.ok).toBe(false);
    expect(report.interactions).toHaveLength(Object.keys(ADYEN_MESSAGES).length);
    expect(report.interactions.every((i) => !i.ok && /^verification did not run: registering a notification endpoint/.test(i.mismatches[0] ?? ''))).toBe(true);
  });
});

function tamper(produce: MessageProducer, change: (m: Awaited<ReturnType<MessageProducer>>) => void): MessageProducer {
  return async () => {
    const m = await produce();
    change(m);
    return m;
  };
}
