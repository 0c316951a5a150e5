// Runs only the fixture consumer test that pact-update.test.ts drives through a real update.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.pact-fixture.ts'], testTimeout: 30_000 } });
