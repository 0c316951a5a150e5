// `contracts test --update` writes no pact file when any consumer test failed: the decision on
// vitest's report, and a real update run over a fixture consumer test that fails on request.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideUpdate, describeRefusal, updatePacts, type VitestJsonReport } from './pact-update.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'gauntlet-pact-update-test-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** A report in vitest's JSON shape: per file, its tests' statuses. */
function report(files: Record<string, Record<string, 'passed' | 'failed' | 'skipped' | 'todo'>>): VitestJsonReport {
  const all = Object.values(files).flatMap((t) => Object.values(t));
  const count = (s: string) => all.filter((x) => x === s).length;
  return {
    numTotalTests: all.length,
    numFailedTests: count('failed'),
    numFailedTestSuites: Object.values(files).filter((t) => Object.values(t).includes('failed')).length,
    numPendingTests: count('skipped'),
    numTodoTests: count('todo'),
    success: count('failed') === 0,
    testResults: Object.entries(files).map(([name, tests]) => ({
      name: `/repo/contracts/${name}`,
      status: Object.values(tests).includes('failed') ? 'failed' : 'passed',
      assertionResults: Object.entries(tests).map(([fullName, status]) => ({ fullName, status })),
    })),
  };
}

describe('decideUpdate', () => {
  const committed = () => dirWith({ 'a-b.json': 'old a', 'c-d.json': 'old c' });

  it('every test passed and every committed pact regenerated: writes them', () => {
    const staged = dirWith({ 'a-b.json': 'new a', 'c-d.json': 'new c' });
    const d = decideUpdate({ exitCode: 0, report: report({ 'x.consumer.test.ts': { one: 'passed', two: 'passed' } }) }, staged, committed());
    expect(d).toEqual({ write: true, files: ['a-b.json', 'c-d.json'] });
  });

  it('one failed test: refuses, naming it', () => {
    const staged = dirWith({ 'a-b.json': 'new a without the failed interaction', 'c-d.json': 'new c' });
    const d = decideUpdate({ exitCode: 1, report: report({ 'adyen.consumer.test.ts': { 'a reused Idempotency-Key': 'failed', other: 'passed' } }) }, staged, committed());
    expect(d.write).toBe(false);
    if (!d.write) expect(d.reasons.join('\n')).toContain('adyen.consumer.test.ts > a reused Idempotency-Key');
  });

  it('a skipped test: refuses (its interaction would be missing)', () => {
    const staged = dirWith({ 'a-b.json': 'new', 'c-d.json': 'new' });
    const d = decideUpdate({ exitCode: 0, report: report({ 'x.consumer.test.ts': { one: 'passed', two: 'skipped' } }) }, staged, committed());
    expect(d.write).toBe(false);
    if (!d.write) expect(d.reasons.join('\n')).toMatch(/1 consumer test\(s\) skipped/);
  });

  it('a committed pact with no fresh one: refuses (it would be left stale)', () => {
    const staged = dirWith({ 'a-b.json': 'new a' });
    const d = decideUpdate({ exitCode: 0, report: report({ 'x.consumer.test.ts': { one: 'passed' } }) }, staged, committed());
    expect(d.write).toBe(false);
    if (!d.write) expect(d.reasons.join('\n')).toContain('c-d.json');
  });

  it('no report (vitest crashed) or a non-zero exit with a clean report: refuses', () => {
    const staged = dirWith({ 'a-b.json': 'new', 'c-d.json': 'new' });
    expect(decideUpdate({ exitCode: 1, report: undefined }, staged, committed()).write).toBe(false);
    expect(decideUpdate({ exitCode: 130, report: report({ 'x.consumer.test.ts': { one: 'passed' } }) }, staged, committed()).write).toBe(false);
  });

  it('the refusal says nothing was written and why', () => {
    const text = describeRefusal('contracts/pacts', ['1 consumer test(s) failed:\n    adyen.consumer.test.ts > x']);
    expect(text).toContain('NOT writing contracts/pacts');
    expect(text).toContain('adyen.consumer.test.ts > x');
  });
});

describe('updatePacts: a real update over a fixture consumer test', () => {
  const fixture = join(import.meta.dirname, 'pact-update-fixture');
  const vitestArgs = ['--root', fixture, '--config', join(fixture, 'vitest.config.ts')];
  const file = 'guard-consumer-guard-provider.json';

  it('a failed consumer test: no pact file written, the failed test named; all passing: written with both interactions', async () => {
    const pactDir = dirWith({ [file]: 'the committed contract\n' });

    const refused = await updatePacts({ vitestArgs, cwd: fixture, pactDir, env: { ...process.env, GUARD_FIXTURE_FAIL: '1' }, stdio: 'ignore' });
    expect(refused.code).not.toBe(0);
    expect(refused.written).toEqual([]);
    expect(refused.refused.join('\n')).toContain('the second interaction');
    expect(readFileSync(join(pactDir, file), 'utf8')).toBe('the committed contract\n');

    const env = { ...process.env };
    delete env.GUARD_FIXTURE_FAIL;
    const written = await updatePacts({ vitestArgs, cwd: fixture, pactDir, env, stdio: 'ignore' });
    expect(written).toMatchObject({ code: 0, written: [file], refused: [] });
    const pact = JSON.parse(readFileSync(join(pactDir, file), 'utf8')) as { interactions: { description: string }[] };
    expect(pact.interactions.map((i) => i.description).sort()).toEqual(['the first request', 'the second request']);
  }, 120_000);

  it('GAUNTLET_PACT_UPDATE=1 without a staging dir is refused by the consumer tests themselves', async () => {
    const { consumerPactDir } = await import('./pact-files.ts');
    expect(() => consumerPactDir({ consumer: 'a', provider: 'b' }, { GAUNTLET_PACT_UPDATE: '1' })).toThrow(/contracts test --update/);
  });
});
