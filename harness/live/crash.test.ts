// Crash drills on the real core process: it SIGKILLs itself right after a provider call, before the
// outcome is written (GAUNTLET_CRASH_AFTER_PROVIDER_CALL). The PSP moved the money; the merchant's
// request died with the connection. A new core on the same database must recover: re-send the
// open operation with the SAME provider idempotency key, end in the state the PSP's ledger shows,
// and never move the money a second time, not even when the merchant retries.
//
// Provider calls per merchant request (core/payments/service.ts: the hook runs once per `call()`,
// after its retries): creating a payment is one call (authorize; with automatic capture the PSP
// captures in the same call), a capture or a refund is one more. So the crash is set after call 2.
//
// Backends: a PGlite directory always; with GAUNTLET_TEST_DATABASE_URL (scripts/with-postgres.sh)
// also a fresh database on that Postgres server (CREATE DATABASE), passed as DATABASE_URL.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../toolchain/index.ts';
import { type CoreChild, type CoreDatabase, generationSeed, spawnCore } from './core-child.ts';
import { type Dialect, type LiveSimulator, startLiveSimulator } from './simulators.ts';
import { flattenSecrets, generateWorldSecrets } from './secrets.ts';
import { type Answer, eventually, getJson, ledger, post, type PaymentView, within } from './test-support.ts';

const SERVER_URL = process.env.GAUNTLET_TEST_DATABASE_URL;
const BACKENDS: Array<CoreDatabase['kind']> = SERVER_URL ? ['pglite', 'postgres'] : ['pglite'];

type Operation = 'capture' | 'refund';

/** Everything a test started, undone in afterEach whatever happened. */
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) await undo().catch((err: unknown) => console.error(`crash.test cleanup: ${(err as Error).message}`));
});

async function freshDatabase(kind: CoreDatabase['kind']): Promise<CoreDatabase> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return { kind: 'pglite', dir };
  }
  const name = `gauntlet_crash_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  cleanups.push(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => adminQuery(`DROP DATABASE IF EXISTS ${name}`));
  });
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  return { kind: 'postgres', url: url.toString() };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Drill {
  sim: LiveSimulator;
  core: CoreChild;
  payment: PaymentView;
  /** The merchant request that was in flight when the core died. */
  request: { path: string; body: Record<string, unknown>; key: string };
  /**
   * The provider idempotency key of the crashed operation (core/payments/ids.ts): payment, kind,
   * operation seq. The seq is not fixed: a webhook about the automatic capture may have recorded
   * an operation of its own before the refund was opened.
   */
  providerKey: RegExp;
  restart(): Promise<CoreChild>;
}

/**
 * Up to the crash: a simulator, a core that dies after provider call 2, a payment, and the
 * merchant request (capture or refund of `amount`) that never got its answer.
 */
async function crashDuring(provider: Dialect, operation: Operation, backend: CoreDatabase['kind'], amount?: number): Promise<Drill> {
  const database = await freshDatabase(backend);
  const port = await freeLoopbackPort();
  const seed = 7_000;
  const sim = await startLiveSimulator({ dialect: provider, port: 0, seed, webhookUrl: `http://127.0.0.1:${port}/v1/webhooks/${provider}` });
  cleanups.push(() => sim.stop());
  // One set for every life of the core: the simulator's fresh signing secret, and API keys that
  // stay the same across restarts (provider idempotency keys are scoped to the API key, so a
  // recovery re-send under a new key would be a new request).
  const secrets = { ...flattenSecrets(generateWorldSecrets()), ...(provider === 'stripe' ? { stripeWebhookSecret: sim.signingSecret } : { adyenHmacKey: sim.signingSecret }) };
  const cores: CoreChild[] = [];
  cleanups.push(async () => {
    for (const c of cores) await c.kill();
  });
  const start = async (generation: number, crashAfterProviderCall?: number) => {
    const core = await spawnCore({
      port,
      // A new seed per life: the same seed on the same database would mint the same ids again.
      seed: generationSeed(seed, generation),
      ...(provider === 'stripe' ? { stripeUrl: sim.url } : { adyenUrl: sim.url }),
      database,
      secrets,
      ...(crashAfterProviderCall !== undefined ? { crashAfterProviderCall } : {}),
    });
    cores.push(core);
    return core;
  };

  const core = await start(0, 2);
  const created = await post<PaymentView>(
    `${core.url}/v1/payments`,
    { amount: 5000, currency: 'eur', provider, paymentMethod: 'pm_card_visa', capture: operation === 'capture' ? 'manual' : 'automatic', reference: `crash-${randomUUID()}` },
    randomUUID(),
  );
  expect(created.status).toBe(201);
  expect(created.body.status).toBe(operation === 'capture' ? 'authorized' : 'captured');
  expect(core.exit()).toBeUndefined(); // call 1 did not crash it

  const request = { path: `/v1/payments/${created.body.id}/${operation === 'capture' ? 'captures' : 'refunds'}`, body: amount !== undefined ? { amount } : {}, key: randomUUID() };
  // The connection dies with the process: the merchant gets no answer at all.
  await expect(post(`${core.url}${request.path}`, request.body, request.key)).rejects.toThrow(/fetch failed|socket|terminated/i);
  const exit = await within(core.exited, 10_000, 'the core dying');
  expect(exit).toEqual({ code: null, signal: 'SIGKILL' });

  return {
    sim,
    core,
    payment: created.body,
    request,
    providerKey: new RegExp(`^${created.body.id}-${operation}-\\d+$`),
    restart: () => start(1),
  };
}

async function movements(drill: Drill, kind: string) {
  return (await ledger(drill.sim.url, drill.payment.providerPaymentId!)).filter((m) => m.kind === kind);
}

async function retry(drill: Drill, core: CoreChild): Promise<Answer<PaymentView & { error?: { code: string } }>> {
  return post(`${core.url}${drill.request.path}`, drill.request.body, drill.request.key);
}

/** Adyen confirms modifications by notification: poll the payment until it reaches `status`. */
async function paymentReaching(core: CoreChild, id: string, status: string): Promise<PaymentView> {
  return eventually(`payment ${id} ${status}`, async () => {
    const view = await getJson<PaymentView>(`${core.url}/v1/payments/${id}`);
    return view.status === status ? view : undefined;
  }, { timeoutMs: 30_000 });
}

/**
 * The merchant retries the request that died with the core, same Idempotency-Key: recovery
 * answered the key from the payment's state, so the retry gets that answer and moves nothing.
 */
function expectRetryMovedNothing(answer: Answer<PaymentView & { error?: { code: string } }>, ...statuses: string[]) {
  expect(answer.status).toBe(200);
  expect(statuses).toContain(answer.body.status);
}

describe.each(BACKENDS)('crash after the provider call, before the outcome is written (%s)', (backend) => {
  it.each(['capture', 'refund'] as const)('stripe %s: recovery re-sends it with the same key; the money moved once', async (operation) => {
    const drill = await crashDuring('stripe', operation, backend);
    const kind = operation;
    // The PSP did it before the core died.
    const before = await movements(drill, kind);
    expect(before.map((m) => [m.amount, m.idempotencyKey])).toEqual([[5000, expect.stringMatching(drill.providerKey)]]);

    const core = await drill.restart();
    expect(core.stdout()).toContain('recovery: re-sent 1 open operation(s), 0 still open');
    const view = await getJson<PaymentView>(`${core.url}/v1/payments/${drill.payment.id}`);
    const status = operation === 'capture' ? 'captured' : 'refunded';
    expect(view.status).toBe(status);
    expect(view.amounts).toEqual({ authorized: 5000, captured: 5000, refunded: operation === 'refund' ? 5000 : 0, disputed: 0 });
    expect(view.history.map((h) => [h.to, h.cause])).toContainEqual([status, 'recovery']);
    expect(view.operations.filter((o) => o.kind === kind)).toEqual([expect.objectContaining({ status: 'succeeded', amount: 5000 })]);
    expect(await movements(drill, kind)).toEqual(before);

    expectRetryMovedNothing(await retry(drill, core), status);
    expect(await movements(drill, kind)).toEqual(before);
  }, 90_000);

  it.each(['capture', 'refund'] as const)('adyen %s: recovery re-sends it, the notification completes it; the money moved once', async (operation) => {
    const drill = await crashDuring('adyen', operation, backend);
    const kind = operation;
    const before = await movements(drill, kind);
    expect(before.map((m) => [m.amount, m.idempotencyKey])).toEqual([[5000, expect.stringMatching(drill.providerKey)]]);

    const core = await drill.restart();
    // Adyen answers a modification with `received`: the re-sent operation stays pending until the
    // notification (retried by the simulator while the core was down) is applied.
    expect(core.stdout()).toContain('recovery: re-sent 1 open operation(s)');
    // The simulator has been retrying the notification on Adyen's schedule (compressed 1000x, yet
    // seconds apart by now): send what is pending now rather than wait for the next retry.
    await drill.sim.sim.kernel.webhooks.flush();
    const status = operation === 'capture' ? 'captured' : 'refunded';
    const view = await paymentReaching(core, drill.payment.id, status);
    expect(view.amounts).toEqual({ authorized: 5000, captured: 5000, refunded: operation === 'refund' ? 5000 : 0, disputed: 0 });
    const op = view.operations.filter((o) => o.kind === kind);
    expect(op).toEqual([expect.objectContaining({ status: 'succeeded', amount: 5000 })]);
    // The replayed answer to the re-sent request names the PSP's one modification.
    expect(op[0]!.providerReference).toBe(before[0]!.id);
    expect(await movements(drill, kind)).toEqual(before);

    // Recovery answered the key with the payment as it stood then: Adyen's outcome was still on its way.
    expectRetryMovedNothing(await retry(drill, core), status, operation === 'capture' ? 'authorized' : 'captured');
    expect(await movements(drill, kind)).toEqual(before);
  }, 90_000);
});

// A request that died with the core keeps its merchant Idempotency-Key (stored with its payment
// from the start), so recovery answers it and the retry never runs as a new request.
describe('the merchant key of a request that died with the core is answered after recovery', () => {
  it('the retried capture is answered 2xx with the captured payment', async () => {
    const drill = await crashDuring('stripe', 'capture', 'pglite');
    const core = await drill.restart();
    const answer = await retry(drill, core);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('captured');
  }, 90_000);

  it('a retried partial refund is answered from the key and moves no money a second time', async () => {
    const drill = await crashDuring('stripe', 'refund', 'pglite', 2000);
    const core = await drill.restart();
    const view = await getJson<PaymentView>(`${core.url}/v1/payments/${drill.payment.id}`);
    expect(view).toMatchObject({ status: 'partially_refunded', amounts: { refunded: 2000 } });
    const answer = await retry(drill, core);
    expect(answer.status).toBe(200);
    expect((await movements(drill, 'refund')).map((m) => m.amount)).toEqual([2000]);
    expect(answer.body.amounts.refunded).toBe(2000);
  }, 90_000);
});
