import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './version.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

describe('gauntlet --version', () => {
  it("finds the package's version upward from a file at any depth, and nothing outside a package", () => {
    expect(packageVersion(join(import.meta.dirname, 'version.ts'))).toBe(version);
    expect(packageVersion(join(import.meta.dirname, '../../dist/harness/cli/version.js'))).toBe(version);
    expect(packageVersion('/no-such-dir/x.js')).toBeUndefined();
  });

  it.each(['--version', '-V', 'version'])('`gauntlet %s` prints it with the Node version, exit 0', (flag) => {
    const r = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`gauntlet ${version} (node ${process.version})\n`);
  });
});
