// A standby core (core-child.ts) is a real core process held before it opens its database: it
// answers nothing until activated, then it is a core like any other; discarded, it leaves nothing.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../toolchain/index.ts';
import { spawnStandbyCore } from './core-child.ts';
import { flattenSecrets, generateWorldSecrets } from './secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-standby-'));
// Every secret handed over, as the live world does: a core that had to generate its own writes them
// to a handover file, which the SIGKILL below would leave behind.
const secrets = flattenSecrets(generateWorldSecrets());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('standby core', () => {
  it('opens nothing and answers nothing until activated, then serves; a discarded one ends', async () => {
    const port = await freeLoopbackPort();
    const db = join(dir, 'db');
    const standby = spawnStandbyCore({ port, seed: 1, stripeUrl: 'http://127.0.0.1:9', secrets, database: { kind: 'pglite', dir: db } });
    // Long enough to have loaded on a quiet machine: still held, no socket, no database files.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(standby.alive()).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
    const core = await standby.activate();
    try {
      expect((await fetch(`${core.url}/healthz`)).ok).toBe(true);
      expect(readdirSync(db)).toContain('PG_VERSION');
    } finally {
      await core.kill();
    }
    const unused = spawnStandbyCore({ port, seed: 2, stripeUrl: 'http://127.0.0.1:9', secrets, database: { kind: 'pglite', dir: db } });
    await unused.discard();
    expect(unused.alive()).toBe(false);
  }, 120_000);
});
