// Builders for kernel tests: a kernel on a virtual clock with a plain JSON webhook encoder.
import { VirtualClock, seededRandom, type FetchLike } from './env.ts';
import { STRIPE_IDEMPOTENCY } from './idempotency.ts';
import { Kernel } from './kernel.ts';
import type { WebhookEncoder } from './webhooks.ts';

export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Signs nothing: the header carries which secret would have signed, so tests can see forgeries. */
export const plainEncoder: WebhookEncoder = {
  encode(event, endpoint, { signAt, forged }) {
    return {
      body: JSON.stringify({ id: event.id, type: event.type, payload: event.payload }),
      headers: { 'x-test-signed-by': forged ? 'forger' : endpoint.secret, 'x-test-sign-at': String(signAt) },
    };
  },
  isAcknowledged: (status) => status >= 200 && status < 300,
};

export function testKernel(opts: { seed?: number; fetch?: FetchLike; retryDelaysMs?: number[] } = {}) {
  const clock = new VirtualClock(START);
  const kernel = new Kernel({
    provider: 'test',
    env: { clock, random: seededRandom(opts.seed ?? 1), fetch: opts.fetch ?? (async () => new Response('ok')) },
    idempotency: STRIPE_IDEMPOTENCY,
    encoder: plainEncoder,
    retryDelaysMs: opts.retryDelaysMs ?? [1_000, 5_000, 30_000],
    fees: { basisPoints: 290, fixed: 30 },
  });
  return { kernel, clock };
}

export function movementContext(kernel: Kernel, operation = 'test.op') {
  return { movementId: kernel.id('mv_'), at: kernel.now(), operation, requestId: kernel.id('req_') };
}
