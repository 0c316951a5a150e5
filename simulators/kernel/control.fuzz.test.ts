// Fuzzing the control API (/__gauntlet/...) of both simulators, the real apps through app.fetch:
// fault plans and rules (valid, mutated, empty, hostile), settlement gaps, webhook endpoints,
// clock moves, disputes, dashboard refunds, Pact provider states (real names with hostile params,
// prototype names), settlement dates, malformed and 25,000-deep JSON, NUL and lone surrogates.
// Every answer is below 500 and a refusal is `{error: {message}}` that leaves the simulator's
// holdings (fault plan included) as they were; after every control call the provider API still
// answers (below 500, unless a fault rule the fuzz installed injected the 5xx).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adyenInProcess, paymentRequest, whileTimePasses } from '../adyen/test-support/in-process.ts';
import { inProcess } from '../stripe/test-support.ts';
import { deepJsonText, encodeLoosely, heapUsedMb, holdings, hostileString } from '../testing/fuzz-support.ts';
import { isDropped, MAX_QUEUED_DELIVERIES, MAX_WEBHOOK_ENDPOINTS, type Kernel, type VirtualClock } from './index.ts';

const NUM_RUNS = 700;
const HEX_KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
const EFFECTS = ['error', 'rate_limit', 'latency', 'timeout_after_commit', 'fail_before_commit', 'decline', 'error_after_commit', 'async_failure', 'duplicate', 'reorder', 'delay', 'drop', 'bad_signature', 'forge', 'stale'];

interface Target {
  name: 'stripe' | 'adyen';
  kernel: Kernel;
  clock: VirtualClock;
  fetch(req: Request): Promise<Response>;
  /** One ordinary provider API call: what a broken plan used to break. */
  probe(): Promise<Response>;
}

function stripeTarget(): Target {
  const h = inProcess(11, { endpoints: [{ url: 'http://merchant.test/hook' }] });
  return {
    name: 'stripe',
    kernel: h.sim.kernel,
    clock: h.clock,
    fetch: async (req) => h.sim.app.fetch(req),
    probe: () => h.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
  };
}

function adyenTarget(): Target {
  const t = adyenInProcess({ seed: 11 });
  return {
    name: 'adyen',
    kernel: t.sim.kernel,
    clock: t.clock,
    fetch: async (req) => t.sim.app.fetch(req),
    probe: () => t.send('/v71/payments', paymentRequest()),
  };
}

const num = (): fc.Arbitrary<unknown> => fc.oneof(fc.integer({ min: -5, max: 700_000 }), fc.double(), fc.constantFrom(0, 1, 0.5, 500, 503, 2 ** 60, '1', null));

const rule = (): fc.Arbitrary<unknown> =>
  fc.record(
    {
      id: fc.oneof(fc.constantFrom('r1', 'r2', ''), hostileString()),
      description: hostileString(),
      match: fc.dictionary(fc.constantFrom('operation', 'method', 'path', 'event', 'other'), fc.oneof(fc.constantFrom('stripe.*', 'adyen.*', '*', 'POST', 'charge.*', 'CAPTURE'), hostileString(), num()), { maxKeys: 2 }),
      probability: num(),
      times: num(),
      nth: num(),
      after: num(),
      effect: fc.record(
        {
          type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EFFECTS) }, { weight: 1, arbitrary: hostileString() }),
          status: num(),
          ms: num(),
          hangMs: num(),
          copies: num(),
          attempts: num(),
          ageMs: num(),
          maxHoldMs: num(),
          retryAfterSeconds: num(),
          code: fc.oneof(fc.constantFrom('insufficient_funds', 'generic_decline'), hostileString()),
          reason: hostileString(),
          lie: fc.constantFrom('none', 'capture', 'refund', 'amount', 'unknown_payment', 'x'),
          signature: fc.constantFrom('wrong_secret', 'missing', 'empty', 'malformed', 'x'),
          afterCommit: fc.constantFrom(true, false, 'yes'),
        },
        { requiredKeys: ['type'] },
      ),
    },
    { requiredKeys: ['effect'] },
  );

const gap = (): fc.Arbitrary<unknown> =>
  fc.record(
    { type: fc.oneof(fc.constantFrom('missing', 'extra', 'wrong_amount'), hostileString()), paymentId: hostileString(), nth: num(), amount: num(), currency: fc.oneof(fc.constantFrom('usd', 'EUR'), hostileString()), delta: num() },
    { requiredKeys: ['type'] },
  );

type Call = { method: string; path: string; body?: unknown; raw?: string };

/** Control calls, most of them well-formed enough to reach the handler. */
const call = (stateNames: string[]): fc.Arbitrary<Call> =>
  fc.oneof(
    fc.record({ method: fc.constant('PUT'), path: fc.constant('/faults'), body: fc.oneof(fc.constant({}), fc.record({ rules: fc.array(rule(), { maxLength: 3 }), settlement: fc.array(gap(), { maxLength: 2 }) }, { requiredKeys: [] }), fc.record({ rules: fc.oneof(hostileString(), num()) }), fc.jsonValue({ maxDepth: 3 })) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/faults/rules'), body: rule() }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/faults/settlement'), body: gap() }),
    fc.record({ method: fc.constantFrom('DELETE', 'GET'), path: fc.oneof(fc.constantFrom('/faults', '/faults/applied', '/faults/settlement', '/ledger', '/payments', '/requests', '/webhooks', '/clock'), hostileString().map((s) => `/faults/rules/${encodeLoosely(s)}`), hostileString().map((s) => `/ledger?payment=${encodeLoosely(s)}`)) }),
    fc.record({ method: fc.constant('GET'), path: fc.oneof(fc.constantFrom('2026-02-30', '2026-13-45', '2026-03-02', '0000-00-00', '2026-2-3'), hostileString().map(encodeLoosely)).map((d) => `/settlements?date=${d}&format=json`) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/webhook-endpoints'), body: fc.record({ url: fc.oneof(fc.constantFrom('http://merchant.test/h', 'https://x.test/'), hostileString()), secret: fc.oneof(fc.constant(HEX_KEY), hostileString()), events: fc.oneof(fc.array(hostileString(), { maxLength: 3 }), hostileString()) }, { requiredKeys: ['url'] }) }),
    fc.record({ method: fc.constant('DELETE'), path: hostileString().map((s) => `/webhook-endpoints/${encodeLoosely(s)}`) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/clock/advance'), body: fc.record({ ms: num() }) }),
    fc.record({ method: fc.constantFrom('POST'), path: fc.constantFrom('/disputes', '/refunds'), body: fc.record({ paymentId: fc.oneof(fc.constant('REAL'), hostileString()), amount: num(), reason: hostileString() }, { requiredKeys: [] }) }),
    fc.record({
      method: fc.constant('POST'),
      path: fc.constant('/provider-states'),
      body: fc.record(
        {
          state: fc.oneof(fc.constantFrom(...stateNames, '__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString'), hostileString()),
          params: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('amount', 'currency', 'paymentId', 'id', 'reference', 'key', '__proto__'), hostileString()), fc.oneof(hostileString(), num()), { maxKeys: 3 }), fc.constantFrom(null, [], 'x')),
          action: fc.constantFrom('setup', 'teardown', 'x'),
        },
        { requiredKeys: ['state'] },
      ),
    }),
    fc.record({ method: fc.constantFrom('POST', 'PUT'), path: fc.constantFrom('/faults', '/faults/rules', '/provider-states', '/webhook-endpoints', '/disputes', '/clock/advance'), raw: fc.oneof(deepJsonText(), hostileString(), fc.constantFrom('{', '{"state":"\\u0000"}', '{"rules":[{"id":"\\ud800","effect":{"type":"rate_limit"}}]}')) }),
    fc.record({ method: fc.constantFrom('GET', 'POST', 'PATCH'), path: hostileString().map((s) => `/${encodeLoosely(s)}`) }),
  );

async function send(target: Target, c: Call): Promise<Response> {
  let body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  // Disputes and refunds reach a real payment half the time.
  if (body?.includes('"REAL"')) body = body.replace('"REAL"', JSON.stringify(target.kernel.payments.all()[0]?.id ?? 'none'));
  return target.fetch(new Request(`http://sim.test/__gauntlet${c.path}`, { method: c.method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) }));
}

async function stateNames(target: Target): Promise<string[]> {
  const res = await send(target, { method: 'POST', path: '/provider-states', body: { state: 'no such state' } });
  return ((await res.json()) as { error: { details: string[] } }).error.details;
}

describe.each([['stripe', stripeTarget], ['adyen', adyenTarget]] as const)('%s control API fuzz', (_name, make) => {
  it(`${NUM_RUNS} control calls: no 5xx, {error:{message}} on refusal, nothing changed on refusal, the API keeps answering`, async () => {
    const target = make();
    expect((await whileTimePasses(target.clock, target.probe())).status).toBe(200);
    const names = await stateNames(target);
    expect(names.length).toBeGreaterThan(3);
    const heapBefore = heapUsedMb();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(call(names), async (c) => {
        const before = holdings(target.kernel);
        const res = await whileTimePasses(target.clock, send(target, c));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        const what = `${c.method} ${c.path} ${(c.raw ?? JSON.stringify(c.body) ?? '').slice(0, 300)}: ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status >= 400) {
          const json = JSON.parse(text) as { error?: { message?: unknown } };
          expect(typeof json.error?.message, what).toBe('string');
          expect(holdings(target.kernel), `${what}: changed something`).toBe(before);
        }
        // Whatever the control API accepted, the provider API still answers: a 5xx only when a
        // rule the fuzz installed injected it (or the connection was dropped on purpose).
        const applied = target.kernel.faults.applied().faults.length;
        const probe = await whileTimePasses(target.clock, target.probe());
        const injected = target.kernel.faults.applied().faults.length > applied || isDropped(probe);
        if (!injected) expect(probe.status, `${what}: then the API answered ${probe.status} ${await probe.text()}`).toBeLessThan(500);
      }),
      { numRuns: NUM_RUNS, seed: 20260310 },
    );
    if (process.env.FUZZ_DEBUG) console.log([...statuses]);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect(target.kernel.webhooks.listEndpoints().length).toBeLessThanOrEqual(MAX_WEBHOOK_ENDPOINTS);
    expect(heapUsedMb() - heapBefore).toBeLessThan(300);
  }, 120_000);

  it('the known bad inputs: PUT /faults {} is the empty plan; a bad plan leaves the current one; prototype names are no states', async () => {
    const target = make();
    const control = (method: string, path: string, body?: unknown) => whileTimePasses(target.clock, send(target, { method, path, ...(body !== undefined ? { body } : {}) }));
    const plan = { rules: [{ id: 'slow', match: { operation: '*' }, effect: { type: 'latency', ms: 5 } }] };
    expect((await control('PUT', '/faults', plan)).status).toBe(200);
    const before = holdings(target.kernel);
    for (const bad of [{ rules: 'x' }, { rules: [{ effect: { type: 'nope' } }] }, { rules: [], extra: 1 }, { rules: [{ id: '\u0000', effect: { type: 'rate_limit' } }] }]) {
      expect((await control('PUT', '/faults', bad)).status).toBe(400);
      expect(holdings(target.kernel)).toBe(before);
    }
    const empty = await control('PUT', '/faults', {});
    expect(empty.status).toBe(200);
    expect(target.kernel.faults.current().plan).toEqual({ rules: [] });
    expect((await whileTimePasses(target.clock, target.probe())).status).toBe(200);
    for (const state of ['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString']) {
      const res = await control('POST', '/provider-states', { state, action: 'setup' });
      expect([state, res.status]).toEqual([state, 404]);
    }
    for (const date of ['2026-02-30', '2026-13-45', '2026-02-29']) expect((await control('GET', `/settlements?date=${date}`)).status).toBe(400);
    expect((await control('GET', '/settlements?date=2028-02-29')).status).toBe(200);
  });

  it(`endpoints capped at ${MAX_WEBHOOK_ENDPOINTS} and pending deliveries at ${MAX_QUEUED_DELIVERIES}: the overflow is counted, memory stays bounded`, async () => {
    const target = make();
    const control = (method: string, path: string, body?: unknown) => whileTimePasses(target.clock, send(target, { method, path, ...(body !== undefined ? { body } : {}) }));
    let accepted = target.kernel.webhooks.listEndpoints().length;
    for (let i = 0; i < 40; i++) {
      const res = await control('POST', '/webhook-endpoints', { url: `http://merchant.test/${i}`, secret: HEX_KEY });
      if (res.status === 201) accepted++;
      else {
        expect(res.status).toBe(409);
        expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`maximum of ${MAX_WEBHOOK_ENDPOINTS}`);
      }
    }
    expect(accepted).toBe(MAX_WEBHOOK_ENDPOINTS);
    expect(target.kernel.webhooks.listEndpoints()).toHaveLength(MAX_WEBHOOK_ENDPOINTS);
    // Removing one frees its slot; removing one that is not there is a 404.
    const last = target.kernel.webhooks.listEndpoints().at(-1)!.id;
    expect((await control('DELETE', `/webhook-endpoints/${last}`)).status).toBe(200);
    expect((await control('DELETE', `/webhook-endpoints/${last}`)).status).toBe(404);
    expect((await control('POST', '/webhook-endpoints', { url: 'http://merchant.test/again', secret: HEX_KEY })).status).toBe(201);
    // Twenty copies of every event to each of the 16 endpoints: far more than the queue holds.
    expect((await control('PUT', '/faults', { rules: [{ match: { event: '*' }, effect: { type: 'duplicate', copies: 20 } }] })).status).toBe(200);
    const heapBefore = heapUsedMb();
    for (let i = 0; i < 120; i++) expect((await whileTimePasses(target.clock, target.probe())).status).toBe(200);
    const summary = target.kernel.webhooks.summary();
    expect(summary.queued + summary.held).toBeLessThanOrEqual(MAX_QUEUED_DELIVERIES);
    expect(summary.overflowed).toBeGreaterThan(0);
    expect(heapUsedMb() - heapBefore).toBeLessThan(200);
    // The control API reports the overflow.
    const shown = (await (await control('GET', '/webhooks')).json()) as { summary: { overflowed: number } };
    expect(shown.summary.overflowed).toBe(summary.overflowed);
  }, 60_000);
});
