// A user's driver is a module path: `--driver ./my-driver.ts` (TypeScript runs through tsx).
// The module default-exports (or exports `createDriver`) a function `(env) => Driver | Promise<Driver>`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Driver } from './types.ts';

export interface DriverEnv {
  /** Where the live world's SUT answers, when the harness started one. */
  baseUrl?: string;
}

export async function loadDriver(path: string, env: DriverEnv): Promise<Driver> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown; createDriver?: unknown };
  const factory = (mod.createDriver ?? mod.default) as ((env: DriverEnv) => Driver | Promise<Driver>) | undefined;
  if (typeof factory !== 'function') throw new Error(`${path} must export default (or createDriver) a function (env) => Driver`);
  const driver = await factory(env);
  for (const m of ['authorize', 'capture', 'refund', 'void', 'get', 'list'] as const) {
    if (typeof (driver as unknown as Record<string, unknown>)[m] !== 'function') throw new Error(`${path}: the driver has no ${m}() method`);
  }
  return driver;
}
