// A user's driver is a module path: `--driver ./my-driver.ts`. The module default-exports (or
// exports `createDriver`) a function `(env) => Driver | Promise<Driver>`.
//
// Drivers are loaded with tsx's `tsImport`, not a bare `import()`: a team writes its driver as
// plain TypeScript in its own repository, usually in a folder whose package.json does not say
// `"type": "module"` (or has none). Node then reads that `.ts` as CommonJS, and a bare `import()`
// under tsx's ESM hooks alone dies with "Cannot require() ES Module … in a cycle". `tsImport`
// loads the file the way `npx tsx my-driver.ts` would in that folder (TypeScript compiled, ESM
// syntax accepted in a CommonJS folder, `.mts` and `"type": "module"` folders as ESM), in its own
// hook namespace, so it works the same from the CLI, from vitest and from plain Node.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertCapabilities } from './capabilities.ts';
import type { Driver } from './types.ts';

export interface DriverEnv {
  /** Where the live world's SUT answers, when the harness started one. */
  baseUrl?: string;
}

type Factory = (env: DriverEnv) => Driver | Promise<Driver>;

export async function loadDriver(path: string, env: DriverEnv): Promise<Driver> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new Error(`${path}: no such driver module`);
  let mod: Record<string, unknown>;
  try {
    mod = (await (await tsx(path)).tsImport(pathToFileURL(absolute).href, import.meta.url)) as Record<string, unknown>;
  } catch (err) {
    const message = (err as Error).message;
    const hint = /top-level await/i.test(message)
      ? ' (top-level await needs an ES module: name the file .mts, or put a package.json with "type": "module" beside it)'
      : '';
    throw new Error(`${path}: the driver module did not load: ${message}${hint}`, { cause: err });
  }
  const factory = factoryOf(mod);
  if (!factory) throw new Error(`${path} must export default (or createDriver) a function (env) => Driver`);
  const driver = (await factory(env)) as unknown;
  if (typeof driver !== 'object' || driver === null) throw new Error(`${path}: the driver factory returned ${driver === null ? 'null' : typeof driver}, not a Driver`);
  const d = driver as Record<string, unknown>;
  for (const m of ['authorize', 'capture', 'refund', 'void', 'get', 'list'] as const) {
    if (typeof d[m] !== 'function') throw new Error(`${path}: the driver has no ${m}() method`);
  }
  if (typeof d.name !== 'string' || d.name === '') throw new Error(`${path}: the driver has no name (a string naming the service it drives)`);
  assertCapabilities(d.capabilities, d, path);
  return driver as Driver;
}

/**
 * tsx, loaded only when a driver is: the published package does not depend on it (a team that
 * imports the simulators or checkers never needs it), so its absence is said plainly.
 */
async function tsx(path: string): Promise<typeof import('tsx/esm/api')> {
  try {
    return await import('tsx/esm/api');
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(`${path}: loading a driver module needs tsx, which is not installed here: npm install --save-dev tsx`, { cause: err });
  }
}

/**
 * The factory from an ES module namespace, or from a CommonJS one: a `.ts` compiled as CommonJS
 * arrives as `{ default: module.exports }`, so its own `default`/`createDriver` sit one level down.
 */
function factoryOf(mod: Record<string, unknown>): Factory | undefined {
  for (const candidate of [mod.createDriver, mod.default]) {
    if (typeof candidate === 'function') return candidate as Factory;
  }
  const cjs = mod.default;
  if (cjs && typeof cjs === 'object') {
    const inner = cjs as Record<string, unknown>;
    for (const candidate of [inner.createDriver, inner.default]) if (typeof candidate === 'function') return candidate as Factory;
  }
  return undefined;
}
