import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONAL_PEERS, missingPeer, missingPeerMessage } from './optional-peers.ts';

// A directory with no node_modules above it that holds Pact or Allure: what a team's project
// without the optional peers looks like to Node's resolver (the real errors, not made-up ones).
const bare = mkdtempSync(join(tmpdir(), 'gauntlet-peers-'));
afterAll(() => rmSync(bare, { recursive: true, force: true }));

/** The error plain Node's ESM loader gives for `import(specifier)` from that directory (vitest's own loader would resolve from the repo). */
function importFailure(specifier: string): unknown {
  const script = `import(${JSON.stringify(specifier)}).then(() => console.log('null'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: bare, encoding: 'utf8' });
  const parsed = JSON.parse(out) as { code: string; message: string } | null;
  return parsed === null ? undefined : Object.assign(new Error(parsed.message), { code: parsed.code });
}

describe('missingPeer', () => {
  it('names the optional peer an ESM import could not find, subpaths included', () => {
    expect(missingPeer(importFailure('@pact-foundation/pact'))).toBe('@pact-foundation/pact');
    expect(missingPeer(importFailure('allure-js-commons/sdk/reporter'))).toBe('allure-js-commons');
  });

  it('names the one require.resolve could not find', () => {
    let err: unknown;
    try {
      createRequire(join(bare, 'x.js')).resolve('@pact-foundation/pact-core');
    } catch (e) {
      err = e;
    }
    expect(missingPeer(err)).toBe('@pact-foundation/pact-core');
  });

  it('leaves every other error alone', () => {
    expect(missingPeer(importFailure('left-pad-that-is-not-a-peer'))).toBeUndefined();
    expect(missingPeer(new Error("Cannot find package '@pact-foundation/pact'"))).toBeUndefined(); // no code: not a resolver error
    expect(missingPeer(undefined)).toBeUndefined();
  });
});

describe('missingPeerMessage', () => {
  it('says which verb, which package, and the install line, on one line', () => {
    const line = missingPeerMessage('gate', '@pact-foundation/pact');
    expect(line).toBe(
      'gauntlet gate: needs @pact-foundation/pact, an optional peer dependency of gauntlet that is not installed; install it with: npm install --save-dev @pact-foundation/pact@^17 @pact-foundation/pact-core@^20',
    );
    expect(missingPeerMessage('gate', 'allure-js-commons')).toMatch(/npm install --save-dev allure-js-commons@\^3$/);
  });
});

describe('package.json', () => {
  it('declares exactly these optional peers, at these ranges, and the versions we test with satisfy them', () => {
    const pkg = createRequire(import.meta.url)('../../package.json') as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      devDependencies: Record<string, string>;
    };
    for (const [name, range] of Object.entries(OPTIONAL_PEERS)) {
      expect(pkg.peerDependencies[name], name).toBe(range);
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
      // The dev version is the same major as the peer range (^N): what we test is what we declare.
      expect(pkg.devDependencies[name]?.replace(/^\^/, '').split('.')[0], name).toBe(range.replace(/^\^/, ''));
    }
  });
});
