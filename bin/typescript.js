// How a clone runs its own TypeScript sources (bin/gauntlet.js, and the worker threads through
// harness/explore/worker-entry.mjs). Node strips the types itself when it can
// (process.features.typescript: on by default from Node 22.18 and 23.6): nothing is compiled and no
// helper is wrapped around each closure, as tsx's esbuild (keepNames: `__name`) does, which cost the
// exploration's hot loop several per cent. The sources keep to erasable syntax for it
// (tsconfig.json erasableSyntaxOnly). A Node without it (22.12–22.17, or --no-experimental-strip-types)
// registers tsx as before. A team's driver or adapter is another matter: it may use any TypeScript
// syntax, so harness/driver/load.ts and harness/certify/adapter-module.ts keep loading it with tsx.
// Plain JS, like node-version.js: it runs before any TypeScript can.

/**
 * Whether Node can load the sources at `url` by itself. Never under node_modules: Node refuses
 * to strip types there (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
 */
export function nativeTypeScript(url, features = process.features) {
  return Boolean(features.typescript) && !String(url).includes('/node_modules/');
}

const STRIPPING_WARNING = /^Type Stripping\b/;

/**
 * Node versions where type stripping is still experimental print an ExperimentalWarning on stderr
 * the first time a .ts file loads: noise to a user who did not choose it. Only that warning is
 * dropped; every other one (and any flag like --no-warnings) behaves as before.
 */
export function quietTypeStrippingWarning() {
  if (process.emitWarning.quietTypeStripping) return;
  const emit = process.emitWarning;
  const quiet = function emitWarning(warning, ...rest) {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0] && rest[0].type;
    const name = warning instanceof Error ? warning.name : type;
    const message = warning instanceof Error ? warning.message : String(warning);
    if (name === 'ExperimentalWarning' && STRIPPING_WARNING.test(message)) return;
    return emit.call(process, warning, ...rest);
  };
  quiet.quietTypeStripping = true;
  process.emitWarning = quiet;
}

/**
 * Makes the TypeScript module at `url` importable: 'native' when Node strips the types itself,
 * 'tsx' when tsx's hooks had to be registered (a devDependency: a clone has it after `npm ci`).
 */
export async function prepareTypeScript(url) {
  if (nativeTypeScript(url)) {
    quietTypeStrippingWarning();
    return 'native';
  }
  const { register } = await import('tsx/esm/api');
  register();
  return 'tsx';
}
