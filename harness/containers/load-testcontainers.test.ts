import { describe, expect, it } from 'vitest';
import { loadTestcontainers, TESTCONTAINERS_MISSING } from './load-testcontainers.ts';

describe('loadTestcontainers', () => {
  it('loads the installed package', async () => {
    expect(typeof (await loadTestcontainers()).GenericContainer).toBe('function');
  });

  it('says what to install when the package is absent', async () => {
    // Node's own error for a package that is not there (ERR_MODULE_NOT_FOUND, naming it).
    const missing = () => import('testcontainers-not-installed-here' as string) as never;
    await expect(loadTestcontainers(missing)).rejects.toThrow(TESTCONTAINERS_MISSING);
  });

  it('passes any other failure through', async () => {
    await expect(loadTestcontainers(() => Promise.reject(new Error('docker exploded')))).rejects.toThrow('docker exploded');
  });
});
