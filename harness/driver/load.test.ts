import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDriver } from './load.ts';

describe('loadDriver', () => {
  it('loads the example driver module by path and checks its shape', async () => {
    const driver = await loadDriver(join(import.meta.dirname, 'example-driver.ts'), { baseUrl: 'http://127.0.0.1:9' });
    expect(driver.name).toBe('merchant API at http://127.0.0.1:9');
    // Nothing listens there: an authorize is indeterminate, never an invented success or failure.
    const c = await driver.authorize({ reference: 'r', amount: 1, currency: 'EUR', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'manual', idempotencyKey: 'k' });
    expect(c).toMatchObject({ type: 'info', error: { kind: 'network' } });
  });

  it('refuses a module that is not a driver, saying what is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-driver-'));
    const path = join(dir, 'bad.mjs');
    await writeFile(path, 'export default () => ({ name: "half", authorize() {} });\n');
    await expect(loadDriver(path, {})).rejects.toThrow('has no capture() method');
  });
});
