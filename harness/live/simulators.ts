// Starts a simulator as a live server: real sockets on loopback, wall clock, webhook pump.
import {
  createAdyenSimulator,
  createStripeSimulator,
  seededRandom,
  serveSimulator,
  type FaultPlan,
  type Simulator,
} from '../../simulators/index.ts';
import { startWebhookPump } from './webhook-pump.ts';
import { wallClock } from './wall-clock.ts';

export type Dialect = 'stripe' | 'adyen';

export const DEFAULT_PORTS: Record<Dialect, number> = { stripe: 12111, adyen: 12112 };

/** Well-known local test credentials: documented, never valid anywhere real. */
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_gauntlet_local_test_only';
export const LOCAL_ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
export const LOCAL_ADYEN_API_KEY = 'gauntlet_local_test_key';

export interface LiveSimulatorOptions {
  dialect: Dialect;
  port?: number;
  /** Loopback by default; 0.0.0.0 only inside a container. */
  hostname?: string;
  seed: number;
  webhookUrl?: string;
  /** Stripe: the endpoint's `whsec_…` secret. */
  webhookSecret?: string;
  /** Adyen: the HMAC key, hex. */
  hmacKey?: string;
  plan?: FaultPlan;
  /** Webhook retry compression; 0.001 turns Adyen's 2-minute retry into 120 ms. */
  webhookTimeScale?: number;
}

export interface LiveSimulator {
  dialect: Dialect;
  sim: Simulator;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLiveSimulator(options: LiveSimulatorOptions): Promise<LiveSimulator> {
  const env = { clock: wallClock, random: seededRandom(options.seed), fetch: globalThis.fetch.bind(globalThis) };
  const webhookTimeScale = options.webhookTimeScale ?? 0.001;
  const sim: Simulator =
    options.dialect === 'stripe'
      ? createStripeSimulator({
          env,
          webhookTimeScale,
          webhookEndpoints: options.webhookUrl ? [{ url: options.webhookUrl, secret: options.webhookSecret ?? LOCAL_STRIPE_WEBHOOK_SECRET }] : [],
        })
      : createAdyenSimulator({
          env,
          webhookTimeScale,
          hmacKey: options.hmacKey ?? LOCAL_ADYEN_HMAC_KEY,
          ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
        });
  if (options.plan) sim.kernel.faults.set(options.plan);
  const server = await serveSimulator(sim, { port: options.port ?? DEFAULT_PORTS[options.dialect], hostname: options.hostname ?? '127.0.0.1' });
  const pump = startWebhookPump(sim);
  return {
    dialect: options.dialect,
    sim,
    url: server.url,
    port: server.port,
    async stop() {
      await pump.stop();
      await server.close();
    },
  };
}
