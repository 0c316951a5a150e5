// An example driver module for `--driver ./my-driver.ts`: a payment service that speaks the
// reference core's merchant API at GAUNTLET_SUT_URL (or the URL the harness passes in).
// Copy this file for your own service and change the mapping in merchant-api-driver.ts: the
// contract is the Driver interface in ./types.ts, nothing more.
import { createMerchantApiDriver } from './merchant-api-driver.ts';
import type { DriverEnv } from './load.ts';
import type { Driver } from './types.ts';

export default function createDriver(env: DriverEnv): Driver {
  const baseUrl = env.baseUrl ?? process.env.GAUNTLET_SUT_URL ?? 'http://127.0.0.1:12100';
  return createMerchantApiDriver({ baseUrl, fetch: globalThis.fetch.bind(globalThis), name: `merchant API at ${baseUrl}`, requestTimeoutMs: 10_000 });
}
