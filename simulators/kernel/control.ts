// The control API under /__gauntlet/: how the harness (or a person with curl) sets faults, reads
// the ledger, drives webhooks and time, and asks for settlement reports. Errors here use one plain
// shape, `{error: {message, details?}}`: this is Gauntlet's API, not a provider's.
import { Hono } from 'hono';
import { validatePlan } from './fault-plan.ts';
import { FaultRuleSchema, SettlementGapSchema } from './fault-plan-schema.ts';
import { issueLines } from './schema-issues.ts';
import type { Kernel } from './kernel.ts';
import { readJson as readJsonText } from './input.ts';
import { isSettlementDate, settlementCsv } from './settlement.ts';

export type DisputeResult = { ok: true; disputeId: string } | { ok: false; status: 400 | 404; message: string };

export type PspRefundResult = { ok: true; refundId: string } | { ok: false; status: 400 | 404; message: string };

export type ProviderStateResult = { ok: true; values: Record<string, unknown> } | { ok: false; status: 400 | 404 | 409; message: string };

/** Puts the simulator into a named Pact provider state; `values` feed Pact's provider-state injection. */
export type ProviderStateHandler = (params: Record<string, unknown>) => Promise<ProviderStateResult>;

export interface ControlHooks {
  /** Opens a chargeback on a captured payment and announces it the dialect's way. */
  openDispute(paymentId: string, amount: number | undefined, reason: string): DisputeResult;
  /** Refunds a captured payment as the PSP's dashboard does (no request of the merchant's), and announces it. */
  refund?(paymentId: string, amount: number | undefined): PspRefundResult;
  /** The Pact provider states this dialect knows, by name (contracts/: provider verification). */
  providerStates?: () => Record<string, ProviderStateHandler>;
}

const MAX_ADVANCE_MS = 366 * 24 * 3600_000;
const MAX_URL_LENGTH = 2048;
const MAX_SECRET_LENGTH = 512;
const MAX_ENABLED_EVENTS = 250;

export function controlRoutes(kernel: Kernel, hooks: ControlHooks): Hono {
  const app = new Hono();
  const bad = (message: string, details?: string[]) => ({ error: { message, ...(details ? { details } : {}) } });

  app.get('/faults', (c) => c.json({ ...kernel.faults.current(), applied: kernel.faults.applied().faults }));
  app.put('/faults', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    // Validated in full before anything changes: a refused plan leaves the current one in force.
    const result = validatePlan(body);
    if (!result.ok) return c.json(bad('invalid fault plan', result.errors), 400);
    kernel.faults.set(result.plan);
    return c.json(kernel.faults.current());
  });
  app.delete('/faults', (c) => {
    kernel.faults.clear();
    return c.json(kernel.faults.current());
  });
  app.get('/faults/applied', (c) => c.json(kernel.faults.applied()));
  // One rule in, one rule out, by id: the other rules keep their counters (PUT restarts them all).
  app.post('/faults/rules', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    // The body is one rule: its problems are named from the rule (`effect.status: ...`).
    const result = FaultRuleSchema.safeParse(body);
    if (!result.success) return c.json(bad('invalid fault rule', issueLines(result.error, 'rule')), 400);
    const rule = result.data;
    if (typeof rule.id !== 'string' || rule.id === '') return c.json(bad('id: a rule added on its own needs an id, to take it out again'), 400);
    const added = kernel.faults.add(rule);
    if (!added.ok) return c.json(bad(added.message), 409);
    return c.json(kernel.faults.current(), 201);
  });
  // Settlement gaps on their own: what the next settlement reports leave out, add or get wrong.
  app.post('/faults/settlement', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    const result = SettlementGapSchema.safeParse(body);
    if (!result.success) return c.json(bad('invalid settlement gap', issueLines(result.error, 'gap')), 400);
    kernel.faults.addSettlementGap(result.data);
    return c.json(kernel.faults.current(), 201);
  });
  app.delete('/faults/settlement', (c) => {
    kernel.faults.clearSettlementGaps();
    return c.json(kernel.faults.current());
  });
  app.delete('/faults/rules/:id', (c) => {
    if (!kernel.faults.remove(c.req.param('id'))) return c.json(bad(`no rule with id ${c.req.param('id')}`), 404);
    return c.json(kernel.faults.current());
  });

  app.get('/ledger', (c) => {
    const paymentId = c.req.query('payment');
    const movements = paymentId ? kernel.ledger.forPayment(paymentId) : kernel.ledger.all();
    return c.json({ provider: kernel.provider, movements });
  });
  app.get('/payments', (c) => c.json({ provider: kernel.provider, payments: kernel.payments.all() }));
  // The access log (request-log.ts): what the harness judges retry etiquette by.
  app.get('/requests', (c) => c.json({ provider: kernel.provider, requests: kernel.requests.all(), dropped: kernel.requests.dropped() }));

  app.get('/webhooks', (c) =>
    c.json({
      summary: kernel.webhooks.summary(),
      nextDueAt: kernel.webhooks.nextDueAt() ?? null,
      endpoints: kernel.webhooks.listEndpoints().map((e) => ({ ...e, secret: redact(e.secret) })),
      deliveries: kernel.webhooks.list(),
    }),
  );
  app.post('/webhooks/flush', async (c) => {
    const sent = await kernel.webhooks.flush();
    return c.json({ attempted: sent.length, summary: kernel.webhooks.summary() });
  });
  app.post('/webhook-endpoints', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json(bad('body must be a JSON object'), 400);
    const { url, secret, events } = body as { url?: unknown; secret?: unknown; events?: unknown };
    if (typeof url !== 'string' || !isHttpUrl(url)) return c.json(bad('url: an http(s) URL is required'), 400);
    if (typeof secret !== 'string' || secret.length === 0) return c.json(bad('secret: required'), 400);
    if (events !== undefined && !(Array.isArray(events) && events.every((e) => typeof e === 'string'))) {
      return c.json(bad('events: an array of event types'), 400);
    }
    if (url.length > MAX_URL_LENGTH) return c.json(bad(`url: at most ${MAX_URL_LENGTH} characters`), 400);
    if (secret.length > MAX_SECRET_LENGTH) return c.json(bad(`secret: at most ${MAX_SECRET_LENGTH} characters`), 400);
    if (events !== undefined && (events as string[]).length > MAX_ENABLED_EVENTS) return c.json(bad(`events: at most ${MAX_ENABLED_EVENTS} event types`), 400);
    const added = kernel.webhooks.tryAddEndpoint({ url, secret, ...(events ? { enabledEvents: events as string[] } : {}) });
    if (!added.ok) return c.json(bad(added.message), 409);
    const endpoint = added.endpoint;
    return c.json({ ...endpoint, secret: redact(endpoint.secret) }, 201);
  });
  // Endpoints are capped (webhooks.ts): a session that registers one removes it when done.
  app.delete('/webhook-endpoints/:id', (c) => {
    if (!kernel.webhooks.deleteEndpoint(c.req.param('id'))) return c.json(bad(`no webhook endpoint ${c.req.param('id')}`), 404);
    return c.json({ id: c.req.param('id'), deleted: true });
  });

  app.get('/clock', (c) => c.json({ now: kernel.now(), iso: new Date(kernel.now()).toISOString() }));
  app.post('/clock/advance', async (c) => {
    const body = await readJson(c.req.raw);
    const ms = body instanceof BadJson ? undefined : (body as { ms?: unknown } | undefined)?.ms;
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
      return c.json(bad(`ms: a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS}`), 400);
    }
    const now = await kernel.advanceClock(ms);
    return c.json({ now, iso: new Date(now).toISOString() });
  });

  app.post('/reset', (c) => {
    kernel.reset();
    return c.json({ reset: true });
  });

  app.get('/settlements', (c) => {
    const date = c.req.query('date') ?? '';
    if (!isSettlementDate(date)) return c.json(bad('date: YYYY-MM-DD required'), 400);
    const lines = kernel.settlement(date);
    if (c.req.query('format') === 'json') return c.json({ date, lines });
    return c.body(settlementCsv(lines), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  app.post('/disputes', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    const { paymentId, amount, reason } = (typeof body === 'object' && body ? body : {}) as Record<string, unknown>;
    if (typeof paymentId !== 'string') return c.json(bad('paymentId: required'), 400);
    if (reason !== undefined && !(typeof reason === 'string' && reason.length > 0 && reason.length <= 200)) return c.json(bad('reason: a string of 1 to 200 characters'), 400);
    if (amount !== undefined && !(Number.isSafeInteger(amount) && (amount as number) > 0)) {
      return c.json(bad('amount: a positive integer in minor units'), 400);
    }
    const result = hooks.openDispute(paymentId, amount as number | undefined, typeof reason === 'string' ? reason : 'fraudulent');
    if (!result.ok) return c.json(bad(result.message), result.status);
    return c.json({ disputeId: result.disputeId }, 201);
  });

  // Money the PSP moves on its own: a refund from the dashboard, not asked for by the merchant's service.
  app.post('/refunds', async (c) => {
    if (!hooks.refund) return c.json(bad('this simulator has no dashboard refunds'), 404);
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    const { paymentId, amount } = (typeof body === 'object' && body ? body : {}) as Record<string, unknown>;
    if (typeof paymentId !== 'string') return c.json(bad('paymentId: required'), 400);
    if (amount !== undefined && !(Number.isSafeInteger(amount) && (amount as number) > 0)) {
      return c.json(bad('amount: a positive integer in minor units'), 400);
    }
    const result = hooks.refund(paymentId, amount as number | undefined);
    if (!result.ok) return c.json(bad(result.message), result.status);
    return c.json({ refundId: result.refundId }, 201);
  });

  // Pact's provider-state setup call: {state, params, action}. Setup runs the named handler, which
  // drives the simulator's own API in process; its JSON answer is what Pact injects into the
  // interaction (ids the simulator minted). Teardown has nothing to undo: states only add objects.
  app.post('/provider-states', async (c) => {
    const body = await readJson(c.req.raw);
    if (body instanceof BadJson) return c.json(bad(body.message), 400);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json(bad('body must be a JSON object {state, params?, action?}'), 400);
    const { state, params, action } = body as { state?: unknown; params?: unknown; action?: unknown };
    if (typeof state !== 'string') return c.json(bad('state: the provider state name is required'), 400);
    if (action !== undefined && action !== 'setup' && action !== 'teardown') return c.json(bad('action: setup or teardown'), 400);
    if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) return c.json(bad('params: a JSON object'), 400);
    // Pact's verifier posts teardown for every state, and state "" for an interaction without one.
    if (action === 'teardown' || state === '') return c.json({});
    // Own properties only: `constructor`, `__proto__` or `valueOf` are not states, whatever
    // Object.prototype says.
    const states = hooks.providerStates?.() ?? {};
    const handler = Object.hasOwn(states, state) ? states[state] : undefined;
    if (typeof handler !== 'function') return c.json(bad(`unknown provider state "${state}"`, Object.keys(hooks.providerStates?.() ?? {})), 404);
    const result = await handler((params ?? {}) as Record<string, unknown>);
    if (!result.ok) return c.json(bad(result.message), result.status);
    return c.json(result.values);
  });

  app.notFound((c) => c.json(bad(`no control route ${c.req.method} ${c.req.path}`), 404));
  return app;
}

/** A body that is not acceptable JSON, and why (malformed, too deep, NUL, lone surrogate). */
class BadJson {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === '') return undefined;
  const read = readJsonText(text);
  if (read.ok) return read.value;
  return new BadJson(`body must be JSON: ${read.path ? `${read.path}: ` : ''}${read.message}`);
}

/** An absolute http(s) URL, as webhook endpoints must be. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Secrets never leave the simulator in full: enough to tell them apart, not to sign with. */
export function redact(secret: string): string {
  return secret.length <= 10 ? '***' : `${secret.slice(0, 6)}…${secret.slice(-2)}`;
}
