// Starts a simulator as a live server: real sockets on loopback, wall clock, webhook pump.
// No committed default secret (one let a forged capture through, issue #10): a signing secret or
// HMAC key the caller does not give is made fresh here (secrets.ts) and shown on the handle.
import {
  createAdyenSimulator,
  createStripeSimulator,
  seededRandom,
  serveSimulator,
  type FaultPlan,
  type Simulator,
} from '../../simulators/index.ts';
import { generateWorldSecrets, isLoopbackHost } from './secrets.ts';
import { startWebhookPump } from './webhook-pump.ts';
import { wallClock } from './wall-clock.ts';

export type Dialect = 'stripe' | 'adyen';

export const DEFAULT_PORTS: Record<Dialect, number> = { stripe: 12111, adyen: 12112 };

export interface LiveSimulatorOptions {
  dialect: Dialect;
  port?: number;
  /** Loopback by default; 0.0.0.0 only inside a container. */
  hostname?: string;
  seed: number;
  webhookUrl?: string;
  /** Stripe: the endpoint's `whsec_…` secret (default: a fresh random one). */
  webhookSecret?: string;
  /** Adyen: the HMAC key, hex (default: a fresh random one). */
  hmacKey?: string;
  /** Adyen: the only `x-api-key` accepted (default: any non-empty key, as the simulator does). */
  apiKey?: string;
  /** Bearer token of the control API (/__gauntlet/); required off loopback. */
  controlToken?: string;
  plan?: FaultPlan;
  /** Webhook retry compression; 0.001 turns Adyen's 2-minute retry into 120 ms. */
  webhookTimeScale?: number;
}

export interface LiveSimulator {
  dialect: Dialect;
  sim: Simulator;
  url: string;
  port: number;
  /** What it signs webhooks with: Stripe's endpoint secret, or Adyen's HMAC key. */
  signingSecret: string;
  stop(): Promise<void>;
}

export async function startLiveSimulator(options: LiveSimulatorOptions): Promise<LiveSimulator> {
  const hostname = options.hostname ?? '127.0.0.1';
  if (options.controlToken === undefined && !isLoopbackHost(hostname)) {
    throw new Error(`a simulator listening on ${hostname} needs a control token: its /__gauntlet/ API sets faults and moves money`);
  }
  const fresh = generateWorldSecrets();
  const signingSecret = options.dialect === 'stripe' ? (options.webhookSecret ?? fresh.stripe.webhookSecret) : (options.hmacKey ?? fresh.adyen.hmacKey);
  const env = { clock: wallClock, random: seededRandom(options.seed), fetch: globalThis.fetch.bind(globalThis) };
  const webhookTimeScale = options.webhookTimeScale ?? 0.001;
  const sim: Simulator =
    options.dialect === 'stripe'
      ? createStripeSimulator({
          env,
          webhookTimeScale,
          webhookEndpoints: options.webhookUrl ? [{ url: options.webhookUrl, secret: signingSecret }] : [],
        })
      : createAdyenSimulator({
          env,
          webhookTimeScale,
          hmacKey: signingSecret,
          ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
          ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
        });
  if (options.plan) sim.kernel.faults.set(options.plan);
  const server = await serveSimulator(sim, {
    port: options.port ?? DEFAULT_PORTS[options.dialect],
    hostname,
    ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}),
  });
  const pump = startWebhookPump(sim);
  return {
    dialect: options.dialect,
    sim,
    url: server.url,
    port: server.port,
    signingSecret,
    async stop() {
      await pump.stop();
      await server.close();
    },
  };
}
