// Runs only the fixture consumer test that pact-update.test.ts drives through a real update; its
// cache goes to the temp dir, not into the source tree.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({ cacheDir: join(tmpdir(), 'gauntlet-pact-update-fixture-cache'), test: { include: ['*.pact-fixture.ts'], testTimeout: 30_000 } });
