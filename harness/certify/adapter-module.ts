// A team's adapter is a module path: `--adapter ./my-adapter.ts` (TypeScript runs through tsx, any syntax).
// The module exports `createAdapter` (or a default export), an AdapterFactory. Everything that can
// be wrong with it is found here, before any world is built, and said in one sentence: a
// certification that dies inside the battery on a typo would read as a failing adapter.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProviderAdapter, ProviderName } from '../../core/index.ts';
import type { AdapterEnv, AdapterFactory } from '../worlds/adapter-env.ts';
import { ADAPTER_METHODS, adapterSchema } from './adapter-schema.ts';

export type { AdapterEnv, AdapterFactories, AdapterFactory } from '../worlds/adapter-env.ts';

/** The module could not be used as an adapter: a setup error (exit 2), not a failed certification. */
export class AdapterModuleError extends Error {}

export { ADAPTER_METHODS, adapterSchema } from './adapter-schema.ts';

/** Loads and checks an adapter module; the factory it returns re-checks every adapter it builds. */
export async function loadAdapterModule(path: string, dialect: ProviderName): Promise<AdapterFactory> {
  const file = resolve(path);
  if (!existsSync(file)) throw new AdapterModuleError(`adapter module not found: ${path} (resolved to ${file})`);
  let mod: Record<string, unknown>;
  try {
    await tsxFor(file);
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new AdapterModuleError(`adapter module ${path} did not load: ${(err as Error).message}`);
  }
  const exported = mod.createAdapter ?? mod.default;
  if (exported === undefined) throw new AdapterModuleError(`${path} exports neither createAdapter nor a default: export a function (env: AdapterEnv) => ProviderAdapter (see harness/certify/examples/)`);
  if (typeof exported !== 'function') throw new AdapterModuleError(`${path}: its ${mod.createAdapter !== undefined ? 'createAdapter' : 'default'} export is a ${typeof exported}, not a function (env: AdapterEnv) => ProviderAdapter`);
  const factory = checkedFactory(exported as AdapterFactory, dialect, path);
  // One adapter built now, against an env whose network refuses, so a broken module is a setup
  // error here rather than a failure in the middle of the battery.
  factory(probeEnv(dialect));
  return factory;
}

let tsxHooks: Promise<void> | undefined;

/**
 * A team's adapter may use any TypeScript syntax (enums, parameter properties, imports without an
 * extension), which Node's own type stripping refuses; it runs our sources (bin/typescript.js), so
 * tsx's hooks are registered for a TypeScript adapter, once, as bin/gauntlet.js once did for the
 * whole process. Where tsx is not installed (an optional peer of the package), Node is left to
 * load the file itself, as it was before in the package.
 */
function tsxFor(file: string): Promise<void> {
  if (!/\.[cm]?tsx?$/.test(file)) return Promise.resolve();
  tsxHooks ??= import('tsx/esm/api').then(
    ({ register }) => void register(),
    (err: unknown) => {
      if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    },
  );
  return tsxHooks;
}

/** Wraps a factory so that whatever it builds is checked to be a ProviderAdapter of `dialect`. */
export function checkedFactory(factory: AdapterFactory, dialect: ProviderName, source: string): AdapterFactory {
  return (env) => {
    let adapter: unknown;
    try {
      adapter = factory(env);
    } catch (err) {
      throw new AdapterModuleError(`${source}: the adapter factory threw: ${(err as Error).message}`);
    }
    const problems = adapterProblems(adapter, dialect);
    if (problems.length) throw new AdapterModuleError(`${source} is not a ${dialect} ProviderAdapter: ${problems.join('; ')}`);
    return adapter as ProviderAdapter;
  };
}

/** What keeps `value` from being a ProviderAdapter for `dialect` (empty when it is one), per adapterSchema. */
export function adapterProblems(value: unknown, dialect: ProviderName): string[] {
  const result = adapterSchema(dialect).safeParse(value);
  if (result.success) return [];
  // One sentence for the methods, in the order the core documents them: "missing method(s): refund, void".
  const missing = ADAPTER_METHODS.filter((m) => result.error.issues.some((i) => i.path[0] === m));
  const others = result.error.issues.filter((i) => !(ADAPTER_METHODS as readonly PropertyKey[]).includes(i.path[0] as PropertyKey)).map((i) => i.message);
  return [...others, ...(missing.length ? [`missing method(s): ${missing.join(', ')}`] : [])];
}

/**
 * Credentials of both dialects' shapes, and a network that refuses: building an adapter must not
 * call out. Both shapes, so that a module of the other dialect builds and is named as such rather
 * than failing on a missing key.
 */
function probeEnv(dialect: ProviderName): AdapterEnv {
  const fetch = async (): Promise<Response> => {
    throw new Error('no network while the adapter module is checked');
  };
  return { baseUrl: `http://${dialect}.invalid`, fetch, apiKey: 'probe_key', webhookSecret: 'whsec_probe', merchantAccount: 'Probe', hmacKey: '00'.repeat(32) };
}
