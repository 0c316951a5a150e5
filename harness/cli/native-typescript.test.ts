// A clone runs its TypeScript sources with Node's own type stripping (bin/typescript.js), tsx only
// on a Node without it. Asked here the way it runs: plain node in a child (the layering rule keeps
// bin/ out of imports), once as Node 24 is and once with stripping turned off, as on Node 22.12–22.17.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/gauntlet.js', import.meta.url));
const LOADER = new URL('../../bin/typescript.js', import.meta.url).href;
const NO_STRIPPING = '--no-experimental-strip-types';
const ADAPTER_MODULE = new URL('../certify/adapter-module.ts', import.meta.url).href;
const EXAMPLE_ADAPTER = fileURLToPath(new URL('../certify/examples/stripe-adapter.ts', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-native-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// An enum needs code generated: Node's stripping refuses it, tsx compiles it. Which one loaded the
// file tells which path prepareTypeScript took.
const ENUM = join(dir, 'enum.ts');
writeFileSync(ENUM, 'export enum Colour { Red = 1 }\nexport const red: number = Colour.Red;\n');

async function node(nodeArgs: string[], script: string): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8' });
  return { stdout, stderr };
}

const loadEnum = `
const { prepareTypeScript } = await import(${JSON.stringify(LOADER)});
const how = await prepareTypeScript(${JSON.stringify(pathToFileURL(ENUM).href)});
let loaded;
try { loaded = (await import(${JSON.stringify(pathToFileURL(ENUM).href)})).red; } catch (err) { loaded = err.code; }
console.log(JSON.stringify({ how, loaded }));`;

describe('the sources’ TypeScript loader', () => {
  it('on a Node that strips types: Node itself, no tsx hooks (an enum is refused, as only tsx would compile it)', async () => {
    const r = await node([], loadEnum);
    expect(JSON.parse(r.stdout)).toEqual({ how: 'native', loaded: 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' });
  });

  it('on a Node without type stripping: tsx, as before', async () => {
    const r = await node([NO_STRIPPING], loadEnum);
    expect(JSON.parse(r.stdout)).toEqual({ how: 'tsx', loaded: 1 });
  });

  it('never natively under node_modules (Node refuses to strip types there)', async () => {
    const r = await node([], `const { nativeTypeScript } = await import(${JSON.stringify(LOADER)});
console.log(JSON.stringify([nativeTypeScript('file:///a/src/x.ts', { typescript: 'strip' }), nativeTypeScript('file:///a/node_modules/g/x.ts', { typescript: 'strip' }), nativeTypeScript('file:///a/src/x.ts', { typescript: false })]));`);
    expect(JSON.parse(r.stdout)).toEqual([true, false, false]);
  });

  it('drops the experimental type-stripping warning and only it', async () => {
    const r = await node([], `const { quietTypeStrippingWarning } = await import(${JSON.stringify(LOADER)});
quietTypeStrippingWarning();
quietTypeStrippingWarning();
process.emitWarning('Type Stripping is an experimental feature and might change at any time', 'ExperimentalWarning');
process.emitWarning('Type Stripping is an experimental feature and might change at any time', { type: 'ExperimentalWarning' });
const w = new Error('Type Stripping is an experimental feature'); w.name = 'ExperimentalWarning'; process.emitWarning(w);
process.emitWarning('Something else is experimental', 'ExperimentalWarning');
process.emitWarning('Type Stripping said by someone else', 'Warning');`);
    expect(r.stderr).not.toMatch(/ExperimentalWarning: Type Stripping/);
    expect(r.stderr).toContain('ExperimentalWarning: Something else is experimental');
    expect(r.stderr).toContain('Warning: Type Stripping said by someone else');
  });

  it('a team’s TypeScript adapter may still use any syntax: certify loads it with tsx while the sources run natively', async () => {
    // Parameter properties, an enum and an import without an extension: all refused by Node's stripping.
    writeFileSync(join(dir, 'helper.ts'), 'export enum Mode { Wrapped = 1 }\n');
    const adapter = join(dir, 'team-adapter.ts');
    writeFileSync(adapter, `import { Mode } from './helper';
import { createAdapter as base } from ${JSON.stringify(EXAMPLE_ADAPTER)};
class Wrapper { constructor(readonly mode: Mode) {} }
export function createAdapter(env: Parameters<typeof base>[0]) { void new Wrapper(Mode.Wrapped); return base(env); }
`);
    const r = await node([], `const { loadAdapterModule } = await import(${JSON.stringify(ADAPTER_MODULE)});
const factory = await loadAdapterModule(${JSON.stringify(adapter)}, 'stripe');
console.log(JSON.stringify({ native: Boolean(process.features.typescript), factory: typeof factory }));`);
    expect(JSON.parse(r.stdout)).toEqual({ native: true, factory: 'function' });
  });

  it('the CLI explores the same runs either way, with nothing about type stripping on stderr', async () => {
    const explore = async (nodeArgs: string[]) => {
      const { stdout, stderr } = await run(process.execPath, [...nodeArgs, BIN, 'explore', '--seed', '20261125', '--runs', '40', '--out', join(dir, nodeArgs.length ? 'tsx' : 'native'), '--json'], { encoding: 'utf8' });
      expect(stderr).not.toMatch(/ExperimentalWarning|Type Stripping/);
      return JSON.parse(stdout) as { historyDigest: string; lifecycles: number; violations: unknown[] };
    };
    const native = await explore([]);
    const tsx = await explore([NO_STRIPPING]);
    expect(native.lifecycles).toBeGreaterThan(40);
    expect(native.violations).toEqual([]);
    expect({ digest: native.historyDigest, lifecycles: native.lifecycles }).toEqual({ digest: tsx.historyDigest, lifecycles: tsx.lifecycles });
  }, 120_000);
});
