// The merchant API (Hono, JSON). Every POST that moves money needs an Idempotency-Key.
import { Hono, type Context } from 'hono';
import { LinearRouter } from 'hono/router/linear-router';
import type { ProviderName } from '../adapters/types.ts';
import type { ApiCore } from './api-core.ts';
import { isStatus } from '../payments/state-machine.ts';
import { ApiError, invalid } from './errors.ts';
import { limitBody } from './body-limit.ts';
import { deadLetterRoutes } from './dead-letters.ts';
import { withIdempotency } from './idempotency.ts';
import { AmountBody, CreatePaymentBody, EmptyBody, ReconciliationBody } from './bodies.ts';
import { sentBody, validBody } from './valid-body.ts';
import { noCardNumber } from './no-card-number.ts';
import { requireWellFormedUrl } from './well-formed-url.ts';
import { requireWellFormed } from './well-formed.ts';

const MAX_BODY_BYTES = 64 * 1024;

export function merchantApi(core: ApiCore): Hono {
  const app = new Hono(core.appRouter === 'linear' ? { router: new LinearRouter() } : {});

  app.use('*', async (c, next) => {
    await next();
    core.metrics.request(c.req.routePath ?? c.req.path, c.res.status);
  });
  // Path segments, query values and the Idempotency-Key must be storable before any route runs.
  app.use('*', async (c, next) => {
    requireWellFormedUrl(c.req.url);
    const key = c.req.header('idempotency-key');
    if (key !== undefined) noCardNumber(requireWellFormed(key, 'Idempotency-Key'), 'Idempotency-Key');
    await next();
  });
  app.use('*', limitBody(MAX_BODY_BYTES, (c) => c.json(new ApiError(413, 'too_large', 'body_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`).body(), 413)));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.body(), err.status);
    core.log(`unhandled error on ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`);
    return c.json(new ApiError(500, 'internal', 'internal_error', 'Something went wrong on our side').body(), 500);
  });
  app.notFound((c) => c.json(new ApiError(404, 'not_found', 'route_missing', `No route ${c.req.method} ${c.req.path}`).body(), 404));

  /** Runs a money-moving request under the merchant's Idempotency-Key. */
  const keyed = async (c: Context, body: unknown, run: () => Promise<{ status: number; body: unknown; paymentId?: string }>) => {
    const key = c.req.header('idempotency-key');
    if (!key) throw invalid('idempotency_key_missing', 'The Idempotency-Key header is required', 'Idempotency-Key');
    // A core that does not replay keys still requires one (the merchant's contract), then runs every request.
    if (!core.merchantKeys.replay) {
      const answer = await run();
      return c.json(answer.body as object, answer.status as 200);
    }
    const paymentId = c.req.param('id');
    const print = core.merchantKeys.fingerprint(c.req.method, c.req.path, body ?? null);
    const claim = { key, fingerprint: print, now: core.now(), ...(paymentId ? { paymentId } : {}) };
    const answer = await withIdempotency(core.store, claim, run);
    if (answer.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(answer.body as object, answer.status as 200);
  };

  app.post('/v1/payments', validBody(CreatePaymentBody), async (c) => {
    const input = c.req.valid('json');
    return keyed(c, await sentBody(c), async () => {
      const view = await core.service.create(input, c.req.header('idempotency-key'));
      return { status: 201, body: view, paymentId: view.id };
    });
  });

  app.post('/v1/payments/:id/captures', validBody(AmountBody), async (c) => {
    const amount = c.req.valid('json')?.amount;
    return keyed(c, await sentBody(c), async () => ({ status: 200, body: await core.service.capture(c.req.param('id'), amount), paymentId: c.req.param('id') }));
  });

  app.post('/v1/payments/:id/refunds', validBody(AmountBody), async (c) => {
    const amount = c.req.valid('json')?.amount;
    return keyed(c, await sentBody(c), async () => ({ status: 200, body: await core.service.refund(c.req.param('id'), amount), paymentId: c.req.param('id') }));
  });

  app.post('/v1/payments/:id/void', validBody(EmptyBody), async (c) => {
    return keyed(c, await sentBody(c), async () => ({ status: 200, body: await core.service.void(c.req.param('id')), paymentId: c.req.param('id') }));
  });

  app.get('/v1/payments/:id', async (c) => c.json(await core.service.view(c.req.param('id'))));

  app.get('/v1/payments', async (c) => {
    const status = c.req.query('status');
    if (status !== undefined && !isStatus(status)) throw invalid('parameter_invalid', `Unknown status: ${status}`, 'status');
    const limitRaw = c.req.query('limit') ?? '100';
    const limit = Number(limitRaw);
    if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > 1000) throw invalid('parameter_invalid', 'limit must be 1 to 1000', 'limit');
    const rows = await core.store.payments.list({ ...(status ? { status } : {}), limit });
    return c.json({ object: 'list', data: await Promise.all(rows.map((r) => core.service.view(r.id))) });
  });

  deadLetterRoutes(app, core);

  app.post('/v1/webhooks/:provider', async (c) => {
    const provider = c.req.param('provider');
    if (provider !== 'stripe' && provider !== 'adyen') throw new ApiError(404, 'not_found', 'route_missing', `No webhook endpoint for ${provider}`);
    const raw = await c.req.text();
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    const ack = await core.inbox.receive(provider as ProviderName, raw, headers);
    // Applied after the acknowledgement, off the request's path.
    core.kick();
    return c.body(ack.body, ack.status as 200, { 'content-type': ack.contentType });
  });

  app.post('/v1/reconciliation/run', validBody(ReconciliationBody), async (c) => {
    return c.json(await core.reconcile(c.req.valid('json')?.date));
  });

  app.get('/v1/reconciliation/discrepancies', async (c) => {
    const run = c.req.query('run');
    const rows = run
      ? await core.store.discrepancies.listForRun(run)
      : await core.store.discrepancies.listRecent(500);
    return c.json({ object: 'list', data: rows });
  });

  app.get('/healthz', async (c) => {
    await core.store.ping();
    return c.json({ ok: true, db: core.store.kind });
  });

  app.get('/metrics', async (c) => c.body(core.metrics.render(await core.store.payments.countByStatus()), 200, { 'content-type': 'text/plain; version=0.0.4' }));

  return app;
}
