// Loading a team's adapter module: the examples load; everything that keeps a module from being
// an adapter of the dialect is a setup error that says what is wrong, before any world is built.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterModuleError, adapterProblems, loadAdapterModule } from './adapter-module.ts';

const examples = join(import.meta.dirname, 'examples');
let dir: string;
const moduleFile = async (name: string, source: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, source);
  return path;
};
const METHODS = 'authorize() {}, capture() {}, refund() {}, void() {}, retrieve() {}, parseWebhook() {}, acknowledge() {}';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-certify-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('loadAdapterModule', () => {
  it('loads both example modules, each building an adapter of its dialect', async () => {
    for (const dialect of ['stripe', 'adyen'] as const) {
      const factory = await loadAdapterModule(join(examples, `${dialect}-adapter.ts`), dialect);
      const adapter = factory({ baseUrl: 'http://x.invalid', fetch: async () => new Response(''), apiKey: 'k', webhookSecret: 'whsec_x', hmacKey: '00'.repeat(32), merchantAccount: 'M' });
      expect(adapter.provider).toBe(dialect);
    }
  });

  it('takes a default export as well as createAdapter', async () => {
    const path = await moduleFile('default.mjs', `export default () => ({ provider: 'adyen', ${METHODS} });\n`);
    await expect(loadAdapterModule(path, 'adyen')).resolves.toBeTypeOf('function');
  });

  it.each([
    ['a missing file', async () => join(dir, 'nope.ts'), 'stripe', 'adapter module not found'],
    ['a module that does not load', async () => moduleFile('syntax.mjs', 'export const = 1;\n'), 'stripe', 'did not load'],
    ['a module without the export', async () => moduleFile('none.mjs', 'export const adapter = 1;\n'), 'stripe', 'exports neither createAdapter nor a default'],
    ['an export that is not a function', async () => moduleFile('object.mjs', 'export const createAdapter = { provider: "stripe" };\n'), 'stripe', 'is a object, not a function'],
    ['a factory that throws', async () => moduleFile('throws.mjs', 'export function createAdapter() { throw new Error("no key configured"); }\n'), 'stripe', 'the adapter factory threw: no key configured'],
    ['an adapter missing methods', async () => moduleFile('half.mjs', 'export const createAdapter = () => ({ provider: "stripe", authorize() {}, capture() {} });\n'), 'stripe', 'missing method(s): refund, void, retrieve, parseWebhook, acknowledge'],
    ['an adapter of the other dialect', async () => moduleFile('adyen.mjs', `export const createAdapter = () => ({ provider: 'adyen', ${METHODS} });\n`), 'stripe', 'provider is "adyen", expected "stripe"'],
    ['a factory returning a promise', async () => moduleFile('async.mjs', `export const createAdapter = async () => ({ provider: 'stripe', ${METHODS} });\n`), 'stripe', 'returned a Promise'],
  ] as const)('refuses %s, saying why', async (_what, make, dialect, message) => {
    const path = await make();
    const err = await loadAdapterModule(path, dialect).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterModuleError);
    expect((err as Error).message).toContain(message);
  });
});

describe('adapterProblems', () => {
  it('is empty for a complete adapter and names each problem otherwise', () => {
    const complete = { provider: 'stripe', authorize() {}, capture() {}, refund() {}, void() {}, retrieve() {}, parseWebhook() {}, acknowledge() {} };
    expect(adapterProblems(complete, 'stripe')).toEqual([]);
    expect(adapterProblems(null, 'stripe')).toEqual(['the factory returned null, not an object']);
    expect(adapterProblems({ ...complete, parseWebhook: 'yes' }, 'stripe')).toEqual(['missing method(s): parseWebhook']);
    // Every problem at once, each naming the member: the dialect, then the methods in the core's order.
    expect(adapterProblems({ provider: 'Stripe', capture() {}, void: 1 }, 'stripe')).toEqual([
      'provider is "Stripe", expected "stripe" (--dialect stripe)',
      'missing method(s): authorize, refund, void, retrieve, parseWebhook, acknowledge',
    ]);
    expect(adapterProblems(Promise.resolve(complete), 'stripe')).toEqual(['the factory returned a Promise: it must build the adapter synchronously']);
    expect(adapterProblems('adapter', 'adyen')).toEqual(['the factory returned string, not an object']);
  });
});
