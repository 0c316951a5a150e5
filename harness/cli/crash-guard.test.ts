// An exception that escapes every await must not end the process as if a bug had been found: the
// guard records it and the run goes on. Run in a child process, where an unhandled rejection
// would otherwise end Node with exit 1 (vitest would catch it itself in this one).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const guard = join(import.meta.dirname, 'crash-guard.ts');
const script = (guarded: boolean) => `
  import { guardCrashes } from ${JSON.stringify(guard)};
  const g = ${guarded ? 'guardCrashes()' : '{ crashes: [], release() {} }'};
  void Promise.reject(new Error('apply failed inside the core'));
  setTimeout(() => { g.release(); console.log(JSON.stringify(g.crashes)); }, 50);
`;
const run = (guarded: boolean) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(guarded)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (err) {
    return { code: (err as { status: number }).status, out: '' };
  }
};

describe('guardCrashes', () => {
  it('without it an escaped rejection ends Node with exit 1: the silence the guard prevents', () => {
    expect(run(false).code).toBe(1);
  }, 30_000);

  it('records the escaped exception with its stack and lets the run finish', () => {
    const r = run(true);
    expect(r.code).toBe(0);
    const crashes = JSON.parse(r.out) as string[];
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatch(/^Error: apply failed inside the core\n\s+at /);
  }, 30_000);
});
