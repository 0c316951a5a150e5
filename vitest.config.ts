import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'reports/out/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so process-spawning tests do not starve each other.
    maxWorkers: 2,
    // Allure results from the suites only on request; unset, vitest keeps its own default reporters.
    ...(process.env.GAUNTLET_ALLURE ? { reporters: ['default', ['allure-vitest/reporter', { resultsDir: 'reports/out/tests/allure-results' }]] } : {}),
  },
});
