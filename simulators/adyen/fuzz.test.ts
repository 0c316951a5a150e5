// Fuzzing the Adyen Checkout dialect's HTTP surface, the real app through app.fetch: valid
// /payments and modification requests, mutated (fields dropped or replaced by hostile JSON:
// strings with NUL and lone surrogates, huge and fractional numbers, arrays, prototype names as
// keys), bodies nested 25,000 deep, malformed JSON, odd versions, pspReferences and headers.
// Every answer is below 500, every refusal is Adyen's `{status, errorCode, message, errorType}`,
// and a refusal leaves the simulator's holdings exactly as they were.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepJsonText, encodeLoosely, headerValue, heapUsedMb, holdings, hostileString } from '../testing/fuzz-support.ts';
import { CHECKOUT_VERSIONS } from './app.ts';
import { API_KEY, MERCHANT, adyenInProcess, paymentRequest } from './test-support/in-process.ts';

const NUM_RUNS = 1_500;
const KINDS = ['payments', 'captures', 'refunds', 'cancels', 'reversals'] as const;

function template(kind: (typeof KINDS)[number]): Record<string, unknown> {
  if (kind === 'payments') return paymentRequest({ reference: 'fuzz-1' });
  const amount = kind === 'cancels' || kind === 'reversals' ? {} : { amount: { value: 100, currency: 'EUR' } };
  return { merchantAccount: MERCHANT, reference: `fuzz-${kind}`, ...amount };
}

type Pick = { real: number } | { weird: string };
type Mutation = { kind: 'drop'; path: number[] } | { kind: 'replace'; path: number[]; value: unknown } | { kind: 'add'; path: number[]; name: string; value: unknown };

interface FuzzRequest {
  kind: number;
  psp: Pick;
  mutations: Mutation[];
  version?: string;
  prefix: string;
  raw?: string;
  apiKey?: string;
  idempotencyKey?: string;
  contentType?: string;
}

const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: hostileString() },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e21, 99_999_999_999)) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'value', 'currency', 'type', 'a\u0000'), hostileString(), { maxKeys: 3 }) },
  );

const mutation = (): fc.Arbitrary<Mutation> => {
  const path = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), path }),
    fc.record({ kind: fc.constant('replace' as const), path, value: hostileJson() }),
    fc.record({ kind: fc.constant('add' as const), path, name: fc.oneof(hostileString(), fc.constantFrom('__proto__', 'constructor', 'additionalData', 'shopperReference')), value: hostileJson() }),
  );
};

const request = (): fc.Arbitrary<FuzzRequest> =>
  fc
    .record({
      kind: fc.nat({ max: KINDS.length - 1 }),
      psp: fc.oneof({ weight: 3, arbitrary: fc.nat().map((real) => ({ real })) }, { weight: 1, arbitrary: hostileString().map((weird) => ({ weird })) }),
      mutations: fc.array(mutation(), { maxLength: 4 }),
      version: rarely(fc.oneof(fc.constantFrom('v66', 'v73', 'v1', 'V71', ''), hostileString().map(encodeLoosely))),
      prefix: fc.constantFrom('', '/checkout'),
      raw: rarely(fc.oneof(deepJsonText(), hostileString(), fc.constantFrom('{', '[]', 'null', '{"amount":', '{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"__proto__":{"x":1}}'))),
      apiKey: rarely(fc.constantFrom('', 'wrong')),
      idempotencyKey: fc.option(headerValue()),
      contentType: rarely(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', '')),
    })
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as FuzzRequest);

/** Applies a mutation at the object found by following `path` (indexes into each level's keys). */
function mutate(body: Record<string, unknown>, m: Mutation): void {
  let node: Record<string, unknown> = body;
  for (let i = 0; i < m.path.length - 1; i++) {
    const keys = Object.keys(node);
    const next = keys.length ? node[keys[m.path[i]! % keys.length]!] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) break;
    node = next as Record<string, unknown>;
  }
  const keys = Object.keys(node);
  const key = keys.length ? keys[m.path[m.path.length - 1]! % keys.length]! : undefined;
  if (m.kind === 'add') Object.defineProperty(node, m.name, { value: m.value, enumerable: true, writable: true, configurable: true });
  else if (key !== undefined && m.kind === 'drop') delete node[key];
  else if (key !== undefined && m.kind === 'replace') node[key] = m.value;
}

describe('Adyen Checkout API fuzz', () => {
  it(`${NUM_RUNS} mutated requests: no 5xx, Adyen's error shape, nothing stored on refusal`, async () => {
    const t = adyenInProcess({ seed: 42, defaultCapture: 'manual' });
    for (let i = 0; i < 3; i++) expect((await t.pay({ reference: `seed-${i}` })).res.status).toBe(200);
    const heapBefore = heapUsedMb();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request(), async (r) => {
        const kind = KINDS[r.kind]!;
        const psps = t.sim.kernel.payments.all().map((p) => p.id);
        const psp = 'weird' in r.psp ? encodeLoosely(r.psp.weird) : (psps[r.psp.real % psps.length] ?? 'NOPE');
        const version = r.version ?? 'v71';
        const path = kind === 'payments' ? `${r.prefix}/${version}/payments` : `${r.prefix}/${version}/payments/${psp}/${kind}`;
        const body = structuredClone(template(kind));
        for (const m of r.mutations) mutate(body, m);
        const text = r.raw ?? JSON.stringify(body);
        const headers: Record<string, string> = { 'content-type': r.contentType ?? 'application/json', 'x-api-key': r.apiKey ?? API_KEY };
        if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey;
        const before = holdings(t.sim.kernel);
        const res = await t.sim.app.fetch(new Request(`http://adyen.test${path}`, { method: 'POST', headers, body: text }));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const answer = await res.text();
        const what = `POST ${path} ${text.slice(0, 300)}: ${answer.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status >= 400) {
          const json = JSON.parse(answer) as Record<string, unknown>;
          expect(json.status, what).toBe(res.status);
          expect(typeof json.errorCode).toBe('string');
          expect(typeof json.message).toBe('string');
          expect(['validation', 'security', 'configuration', 'internal']).toContain(json.errorType);
          expect(holdings(t.sim.kernel), `${what}: stored something`).toBe(before);
        }
      }),
      { numRuns: NUM_RUNS, seed: 20260310 },
    );
    if (process.env.FUZZ_DEBUG) console.log([...statuses]);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(20);
    expect((statuses.get(422) ?? 0) + (statuses.get(400) ?? 0)).toBeGreaterThan(200);
    expect((await t.pay({ reference: 'after' })).res.status).toBe(200);
    expect(heapUsedMb() - heapBefore).toBeLessThan(300);
  }, 120_000);

  it('the known bad inputs: a body nested 20,000 deep with an Idempotency-Key, NUL and lone surrogates', async () => {
    const t = adyenInProcess();
    const before = holdings(t.sim.kernel);
    const deep = `{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    for (const body of [deep, JSON.stringify(paymentRequest({ reference: 'a\u0000b' })), JSON.stringify(paymentRequest({ reference: 'a\ud800b' })), JSON.stringify(paymentRequest({ ['k\u0000']: 1 }))]) {
      const res = await t.send('/v72/payments', body, { 'idempotency-key': 'same-key' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400, errorCode: '702', errorType: 'validation' });
    }
    expect(holdings(t.sim.kernel)).toBe(before);
    const { json: paid } = await t.pay();
    const nul = await t.send(`/v72/payments/${encodeURIComponent('A\u0000')}/captures`, { merchantAccount: MERCHANT, amount: { value: 1, currency: 'EUR' } });
    expect(nul.status).toBe(422);
    expect(t.sim.kernel.payments.all().map((p) => p.id)).toEqual([paid.pspReference]);
    // The refused key was never stored: the same key with a valid body executes.
    expect((await t.send('/v72/payments', paymentRequest({ reference: 'ok' }), { 'idempotency-key': 'same-key' })).status).toBe(200);
    // A valid surrogate pair is text like any other.
    expect((await t.pay({ reference: 'emoji-😀' })).res.status).toBe(200);
  });
});
