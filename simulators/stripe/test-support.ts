// In-process fixtures for the Stripe dialect's tests: a simulator on a virtual clock with a
// seeded random source, whose webhooks land in an in-memory inbox, and a tiny wire client.
import Stripe from 'stripe';
import { VirtualClock, seededRandom, type FetchLike } from '../kernel/index.ts';
import { serveSimulator, type RunningSimulator } from '../serve.ts';
import { testWallClock } from '../testing/wall-clock.ts';
import { encodeForm } from './form.ts';
import { createStripeSimulator, type StripeSimulator } from './index.ts';

export const START = Date.UTC(2025, 0, 15, 12, 0, 0);
export const KEY = 'sk_test_123';

export interface Received {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Simulator time when it arrived. */
  at: number;
}

export interface Harness {
  sim: StripeSimulator;
  clock: VirtualClock;
  inbox: Received[];
  /** What the receiver answers; 200 by default. */
  answer: { status: number };
  call(method: string, path: string, params?: Record<string, unknown> | string, headers?: Record<string, string>): Promise<Response>;
  json(method: string, path: string, params?: Record<string, unknown> | string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export function inProcess(seed = 1, options: { endpoints?: { url: string; secret?: string; events?: string[] }[]; webhookTimeScale?: number } = {}): Harness {
  const clock = new VirtualClock(START);
  const inbox: Received[] = [];
  const answer = { status: 200 };
  const fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    inbox.push({ url: String(input), body: String(init?.body ?? ''), headers, at: clock.now() });
    return new Response([204, 205, 304].includes(answer.status) ? null : '', { status: answer.status });
  };
  const sim = createStripeSimulator({
    env: { clock, random: seededRandom(seed), fetch },
    ...(options.endpoints ? { webhookEndpoints: options.endpoints } : {}),
    ...(options.webhookTimeScale !== undefined ? { webhookTimeScale: options.webhookTimeScale } : {}),
  });
  const call = async (method: string, path: string, params: Record<string, unknown> | string = {}, headers: Record<string, string> = {}): Promise<Response> => {
    const encoded = typeof params === 'string' ? params : encodeForm(params);
    const withBody = method === 'POST';
    const url = `http://stripe.test${path}${!withBody && encoded ? `?${encoded}` : ''}`;
    return sim.app.fetch(
      new Request(url, {
        method,
        headers: { authorization: `Bearer ${KEY}`, ...(withBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
        ...(withBody ? { body: encoded } : {}),
      }),
    );
  };
  return {
    sim,
    clock,
    inbox,
    answer,
    call,
    async json(method, path, params, headers) {
      const res = await call(method, path, params, headers);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
  };
}

/**
 * The simulator served on a loopback port, with stripe-node pointed at it and no SDK retries.
 * The test hands in the real `fetch` (for webhooks): this file is a simulator source and may not.
 */
export async function overHttp(seed: number, fetch: FetchLike): Promise<{ sim: StripeSimulator; server: RunningSimulator; stripe: Stripe }> {
  const sim = createStripeSimulator({ env: { clock: testWallClock, random: seededRandom(seed), fetch } });
  const server = await serveSimulator(sim);
  const stripe = new Stripe(KEY, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
  return { sim, server, stripe };
}
