import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, which } from './find-tool.ts';

let root: string;

/** A stand-in binary: a shell script printing `output`. */
async function fakeBinary(dir: string, name: string, output: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\nprintf '%s\\n' '${output.replaceAll("'", '')}'\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gauntlet-find-tool-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findTool', () => {
  it('finds the cached binary first and asks it for its version', async () => {
    const tools = join(root, 'a');
    const cached = await fakeBinary(join(tools, 'bin'), 'toxiproxy-server', 'toxiproxy-server version 2.12.0');
    await fakeBinary(join(root, 'a-path'), 'toxiproxy-server', 'toxiproxy-server version 2.11.0');
    const found = await findTool('toxiproxy-server', {
      env: { GAUNTLET_TOOLS_DIR: tools, PATH: join(root, 'a-path') },
    });
    expect(found).toEqual({
      name: 'toxiproxy-server',
      path: cached,
      version: '2.12.0',
      source: 'cache',
      pinned: '2.12.0',
      matchesPin: true,
    });
  });

  it('falls back to PATH and reports a version other than the pin', async () => {
    const onPath = await fakeBinary(join(root, 'b-path'), 'toxiproxy-server', 'toxiproxy-server version 2.11.0');
    const found = await findTool('toxiproxy-server', {
      env: { GAUNTLET_TOOLS_DIR: join(root, 'b-empty'), PATH: `/nonexistent:${join(root, 'b-path')}` },
    });
    expect(found).toMatchObject({ path: onPath, source: 'path', version: '2.11.0', matchesPin: false });
  });

  it("says 'unknown' when the binary names no version (a plain go install)", async () => {
    const tools = join(root, 'c');
    await fakeBinary(join(tools, 'bin'), 'vegeta', 'Version: \nCommit: \nRuntime: go1.26.8 linux/amd64');
    const found = await findTool('vegeta', { env: { GAUNTLET_TOOLS_DIR: tools, PATH: '' } });
    expect(found).toMatchObject({ version: 'unknown', matchesPin: false });
  });

  it('returns undefined when the tool is nowhere', async () => {
    const env = { GAUNTLET_TOOLS_DIR: join(root, 'd-empty'), PATH: join(root, 'd-empty') };
    expect(await findTool('vegeta', { env })).toBeUndefined();
  });

  it('ignores files that are not executable', async () => {
    const dir = join(root, 'e');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'vegeta'), 'not a program');
    expect(await which('vegeta', { PATH: dir })).toBeUndefined();
  });
});
