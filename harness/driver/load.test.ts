import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityProblems } from './capabilities.ts';
import { loadDriver } from './load.ts';
import { MERCHANT_API_CAPABILITIES } from './merchant-api-driver.ts';

const REPO = resolve(import.meta.dirname, '../..');
const DRIVER_INDEX = join(REPO, 'harness/driver/index.ts');
const DRIVER_TYPES = join(REPO, 'harness/driver/types.ts');

/** A driver the way a team writes one: plain ESM TypeScript, importing types and helpers from Gauntlet. */
const USER_DRIVER = `import type { Driver, DriverCapabilities } from ${JSON.stringify(DRIVER_TYPES)};
import { createMerchantApiDriver } from ${JSON.stringify(DRIVER_INDEX)};
import { suffix } from './helper.ts';

const capabilities: DriverCapabilities = { providers: ['stripe'], operations: ['capture', 'refund'], webhooks: {}, merchantIdempotency: true, failover: false, reconcile: false, settlementReports: false };

export default function createDriver(env: { baseUrl?: string }): Driver {
  const inner = createMerchantApiDriver({ baseUrl: env.baseUrl ?? 'http://127.0.0.1:9', fetch: globalThis.fetch.bind(globalThis) });
  const { reconcile: _r, discrepancies: _d, ...rest } = inner;
  return { ...rest, name: 'my service' + suffix, capabilities };
}
`;

describe('loadDriver', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gauntlet-driver-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the example driver module by path and checks its shape', async () => {
    const driver = await loadDriver(join(import.meta.dirname, 'example-driver.ts'), { baseUrl: 'http://127.0.0.1:9' });
    expect(driver.name).toBe('merchant API at http://127.0.0.1:9');
    expect(driver.capabilities).toEqual(MERCHANT_API_CAPABILITIES);
    // Nothing listens there: an authorize is indeterminate, never an invented success or failure.
    const c = await driver.authorize({ reference: 'r', amount: 1, currency: 'EUR', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'k' });
    expect(c).toMatchObject({ type: 'info', error: { kind: 'network' } });
  });

  it('refuses a module that is not a driver, saying what is missing', async () => {
    const path = join(dir, 'bad.mjs');
    await writeFile(path, 'export default () => ({ name: "half", authorize() {} });\n');
    await expect(loadDriver(path, {})).rejects.toThrow('has no capture() method');
  });

  it('refuses a driver without capabilities, naming the field', async () => {
    const path = join(dir, 'no-caps.mjs');
    const methods = ['authorize', 'capture', 'refund', 'void', 'get', 'list'].map((m) => `${m}() {}`).join(', ');
    await writeFile(path, `export default () => ({ name: "n", ${methods} });\n`);
    await expect(loadDriver(path, {})).rejects.toThrow(/capabilities is missing/);
  });

  it('loads a plain ESM TypeScript driver from a folder outside the repo with no package.json', async () => {
    const folder = await mkdtemp(join(dir, 'team-'));
    await writeFile(join(folder, 'helper.ts'), "export const suffix: string = ' (v1)';\n");
    await writeFile(join(folder, 'my-driver.ts'), USER_DRIVER);
    const driver = await loadDriver(join(folder, 'my-driver.ts'), { baseUrl: 'http://127.0.0.1:9' });
    expect(driver.name).toBe('my service (v1)');
    expect(driver.capabilities.providers).toEqual(['stripe']);
  });

  it('loads the same driver through the CLI entry (tsx hooks registered, as bin/gauntlet.js does)', async () => {
    const folder = await mkdtemp(join(dir, 'cli-'));
    await writeFile(join(folder, 'helper.ts'), "export const suffix: string = '';\n");
    await writeFile(join(folder, 'my-driver.ts'), USER_DRIVER);
    const script = `import { register } from 'tsx/esm/api'; register();
const { loadDriver } = await import(${JSON.stringify(join(REPO, 'harness/driver/load.ts'))});
const d = await loadDriver(process.argv[1], {}); console.log(JSON.stringify({ name: d.name }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, join(folder, 'my-driver.ts')], { cwd: REPO, timeout: 20_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ name: 'my service' });
  });

  it('refuses capabilities that are wrong, naming each problem', async () => {
    const path = join(dir, 'wrong-caps.ts');
    await writeFile(
      path,
      `import { createMerchantApiDriver } from ${JSON.stringify(DRIVER_INDEX)};
export default () => ({ ...createMerchantApiDriver({ baseUrl: 'http://127.0.0.1:9', fetch }), capabilities: { providers: ['stripe', 'paypal'], operations: ['capture', 'chargeback'], webhooks: {}, merchantIdempotency: true, failover: false, reconcile: false, settlementReports: false } });\n`,
    );
    const err = await loadDriver(path, {}).catch((e: Error) => e);
    expect((err as Error).message).toContain("'paypal' is not a provider Gauntlet simulates");
    expect((err as Error).message).toContain("'chargeback' is not an operation Gauntlet knows");
  });
});

describe('capabilityProblems', () => {
  const valid = { ...MERCHANT_API_CAPABILITIES };
  const methods = { reconcile: () => undefined, discrepancies: () => undefined };

  it('accepts the reference core capabilities', () => {
    expect(capabilityProblems(valid, methods)).toEqual([]);
  });

  it('names each wrong field', () => {
    expect(capabilityProblems({ ...valid, providers: [] }, methods)).toEqual([expect.stringContaining('capabilities.providers must be a non-empty array')]);
    expect(capabilityProblems({ ...valid, operations: ['partial_capture'] }, methods)).toEqual([expect.stringContaining("'partial_capture' needs 'capture'")]);
    expect(capabilityProblems({ ...valid, webhooks: { stripe: 'hooks' } }, methods)).toEqual([expect.stringContaining('capabilities.webhooks.stripe must be a path')]);
    expect(capabilityProblems({ ...valid, providers: ['stripe'], webhooks: { adyen: '/a' }, failover: false }, methods)).toEqual([expect.stringContaining("'adyen' is not in capabilities.providers")]);
    expect(capabilityProblems({ ...valid, failover: 'yes' }, methods)).toEqual([expect.stringContaining('capabilities.failover must be true or false')]);
    expect(capabilityProblems({ ...valid, providers: ['stripe'], webhooks: {} }, methods)).toEqual([expect.stringContaining('failover is true but only one provider')]);
    expect(capabilityProblems(valid, {})).toEqual([expect.stringContaining('no reconcile() method'), expect.stringContaining('no discrepancies() method')]);
    expect(capabilityProblems({ ...valid, webhook: {} }, methods)).toEqual([expect.stringContaining('capabilities.webhook is not a capability')]);
  });
});
