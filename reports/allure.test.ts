// Allure results from real drills and hand-made failures: one result per interaction, exploration,
// drill and invariant (and harness error), each with the status, labels, parameters, explanation
// and attachments a reader needs, timed from the report, redacted; then rendered by Allure 3 into
// one index.html that carries those results and fetches nothing.
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DrillResult } from '../harness/index.ts';
import { renderAllureReport } from './allure-render.ts';
import { writeAllureResults } from './allure.ts';
import { coverageLine, coverageRows } from './drill-facts.ts';
import { contracts, exploration, gateReport, handMadeDrill, HOSTILE, PANS, realDrills, realVerdictDrills, SECRETS } from './test-support.ts';

let real: { passing: DrillResult; failing: DrillResult };
let verdicts: Awaited<ReturnType<typeof realVerdictDrills>>;
beforeAll(async () => {
  real = await realDrills();
  verdicts = await realVerdictDrills();
}, 180_000);

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'gauntlet-allure-test-'));
  dirs.push(d);
  return d;
};

// The real pair is one drill, world and seed (correct core, then a mutant): renamed so each is found by name.
const fullReport = () =>
  gateReport({ verdict: 'error', contracts: contracts(), exploration: exploration(true), drills: [real.passing, { ...real.failing, drill: `${real.failing.drill}-mutant` }, handMadeDrill()], errors: [`setup failed ${HOSTILE}`], notes: ['live drills skipped: no toxiproxy'] });

async function readResults(dir: string): Promise<TestResult[]> {
  const files = (await readdir(join(dir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, 'allure-results', f), 'utf8')) as TestResult));
}
const label = (r: TestResult, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
const param = (r: TestResult, name: string) => r.parameters.find((p) => p.name === name)?.value;
const one = (rs: TestResult[], pred: (r: TestResult) => boolean): TestResult => {
  const found = rs.filter(pred);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const attachment = (dir: string, r: TestResult, name: string) => {
  const a = r.attachments.find((x) => x.name === name);
  expect(a, `${r.name} has no attachment ${name}`).toBeDefined();
  return readFile(join(dir, 'allure-results', a!.source), 'utf8');
};

describe('writeAllureResults', () => {
  it('writes one result per interaction, the exploration, each drill, each invariant and each harness error', async () => {
    const dir = await tempDir();
    const report = fullReport();
    const files = await writeAllureResults(report, dir);
    const results = await readResults(dir);
    const interactions = report.contracts.flatMap((c) => c.interactions).length;
    const invariants = report.drills.reduce((n, d) => n + d.invariants.length, 0);
    expect(invariants).toBeGreaterThan(report.drills.length);
    expect(results).toHaveLength(interactions + 1 + report.drills.length + invariants + report.errors.length);
    expect(files.filter((f) => f.endsWith('-result.json'))).toHaveLength(results.length);
    for (const f of files) expect(f.startsWith(join(dir, 'allure-results'))).toBe(true);

    const byFeature = (f: string) => results.filter((r) => label(r, 'feature')[0] === f);
    expect(byFeature('contracts')).toHaveLength(interactions);
    expect(byFeature('exploration')).toHaveLength(1);
    expect(byFeature('drills')).toHaveLength(report.drills.length + invariants);
    expect(one(results, (r) => label(r, 'feature')[0] === 'gate').status).toBe('broken');
    for (const r of results) expect(r.stage).toBe('finished');

    // Each drill's invariants: failed, passed or skipped exactly as the checker decided.
    for (const d of report.drills) {
      const suite = `${d.drill} (${d.world})`;
      const drill = one(results, (r) => label(r, 'suite')[0] === suite && r.name === `drill ${d.drill}`);
      expect(drill.status).toBe(d.passed ? 'passed' : 'failed');
      expect(label(drill, 'parentSuite')).toEqual(['drills']);
      expect([param(drill, 'world'), param(drill, 'seed')]).toEqual([d.world, String(d.seed)]);
      for (const inv of d.invariants) {
        const r = one(results, (x) => label(x, 'suite')[0] === suite && x.name === `invariant ${inv.invariant}`);
        expect(r.status, `${suite} ${inv.invariant}`).toBe(inv.valid === 'unknown' ? 'skipped' : inv.valid ? 'passed' : 'failed');
        expect(label(r, 'story')).toEqual([inv.invariant]);
      }
    }
    expect(real.failing.passed).toBe(false);
  });

  it('explains a failing invariant: the explanation as status details, the timeline and seed as a text attachment', async () => {
    const dir = await tempDir();
    await writeAllureResults(fullReport(), dir);
    const results = await readResults(dir);
    const inv = one(results, (r) => label(r, 'suite')[0] === 'hand-made (live)' && r.name === 'invariant no-double-money');
    expect(inv.status).toBe('failed');
    expect(inv.statusDetails.message).toBe(`1 violation(s): captured 200 of 100 authorized ${HOSTILE}`);
    expect(inv.statusDetails.trace).toContain(`[no-double-money] hand-0 ${HOSTILE}: captured 200 of 100 authorized`);
    const timeline = await attachment(dir, inv, 'violation timelines');
    expect(timeline).toContain('capture');
    expect(timeline.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(3);
    expect(timeline).toContain('seed 99');

    const undecided = one(results, (r) => label(r, 'suite')[0] === 'hand-made (live)' && r.name === 'invariant durability');
    expect(undecided).toMatchObject({ status: 'skipped', statusDetails: { message: 'undecided: no crash in this run' } });

    // The real failing drill: each failed invariant carries its violations' explanations.
    for (const check of real.failing.invariants.filter((c) => c.valid === false)) {
      const r = one(results, (x) => label(x, 'suite')[0] === `${real.failing.drill}-mutant (sim)` && x.name === `invariant ${check.invariant}`);
      expect(r.statusDetails.message).toContain(check.violations[0]!.explanation);
      expect(await attachment(dir, r, 'violation timelines')).toContain(`seed ${real.failing.seed}`);
    }
  });

  it('attaches the drill\'s KPIs and criteria as JSON, and fails the drill on unmet criteria', async () => {
    const dir = await tempDir();
    await writeAllureResults(fullReport(), dir);
    const drill = one(await readResults(dir), (r) => r.name === 'drill hand-made');
    expect(drill.status).toBe('failed');
    expect(drill.statusDetails.message).toContain('maxDuplicateRate ≤ 0%: measured 33.33%');
    expect(drill.description).toContain('fault skipped (this world cannot apply it; not a failure)');
    const table = JSON.parse(await attachment(dir, drill, 'KPIs and pass criteria')) as { kpis: DrillResult['kpis']; criteria: DrillResult['criteria'] };
    expect(table.kpis).toEqual(handMadeDrill().kpis);
    expect(table.criteria.filter((c) => !c.ok).map((c) => c.criterion)).toEqual(['maxDuplicateRate', 'maxUnknownAfterHeal']);
  });

  it('labels contracts by pact and the exploration by its seed, with the replay command attached', async () => {
    const dir = await tempDir();
    await writeAllureResults(fullReport(), dir);
    const results = await readResults(dir);
    const failed = one(results, (r) => r.name?.startsWith('refund above captured') ?? false);
    expect([label(failed, 'parentSuite'), label(failed, 'suite'), label(failed, 'feature')]).toEqual([['contracts'], ['checkout → gauntlet-core'], ['contracts']]);
    expect(failed.status).toBe('failed');
    expect(failed.statusDetails.message).toContain('BodyMismatch $.error.code');
    expect(one(results, (r) => r.name === 'creates a PaymentIntent').status).toBe('passed');

    const explore = one(results, (r) => label(r, 'feature')[0] === 'exploration');
    expect(explore).toMatchObject({ name: 'explore seed 42 against mutant no-provider-idempotency', status: 'failed' });
    expect(param(explore, 'seed')).toBe('42');
    expect(await attachment(dir, explore, 'violation timelines')).toContain('replay: npx gauntlet replay --seed 42 --path 16:0:0 --mutant no-provider-idempotency');
  });

  it('takes times from the report: parts laid end to end from startedAt, each as long as it took', async () => {
    const dir = await tempDir();
    // The drill's wall time (wallMs, 120 ms), not its virtual durationMs, and drills before exploration, as the gate runs them.
    const report = gateReport({ contracts: contracts(), exploration: exploration(false), drills: [{ ...handMadeDrill(), wallMs: 120 }] });
    await writeAllureResults(report, dir);
    const results = await readResults(dir);
    const t0 = Date.parse(report.startedAt);
    const explore = one(results, (r) => label(r, 'feature')[0] === 'exploration');
    const drill = one(results, (r) => r.name === 'drill hand-made');
    expect([drill.start, drill.stop]).toEqual([t0, t0 + 120]);
    expect([explore.start, explore.stop]).toEqual([t0 + 120, t0 + 2_120]);
    for (const r of results.filter((x) => label(x, 'feature')[0] === 'contracts')) expect([r.start, r.stop]).toEqual([t0, t0]);
  });

  it('never counts a sim drill\'s virtual time as wall time: without wallMs it takes none, and shows its virtual time as a parameter', async () => {
    const dir = await tempDir();
    const d = { ...handMadeDrill(), world: 'sim' as const };
    await writeAllureResults(gateReport({ drills: [d] }), dir);
    const drill = one(await readResults(dir), (r) => r.name === 'drill hand-made');
    expect(drill.stop! - drill.start!).toBe(0);
    expect(drill.parameters.find((p) => p.name === 'virtual time')?.value).toBe('300 ms');
  });

  it('ends a failing drill\'s trace with the command that replays it', async () => {
    const dir = await tempDir();
    const d = { ...handMadeDrill(), world: 'sim' as const, verdict: 'fail' as const, passed: false, mutant: 'no-provider-idempotency' };
    await writeAllureResults(gateReport({ drills: [d] }), dir);
    const drill = one(await readResults(dir), (r) => r.name === 'drill hand-made');
    expect(drill.statusDetails.trace?.split('\n').at(-1)).toBe('replay: npx gauntlet drill hand-made --world sim --seed 99 --mutant no-provider-idempotency');
  });

  it('keeps a drill run twice in one gate as two results, not as a retry of one', async () => {
    const dir = await tempDir();
    await writeAllureResults(gateReport({ drills: [handMadeDrill(), handMadeDrill()] }), dir);
    const drills = (await readResults(dir)).filter((r) => r.name === 'drill hand-made');
    expect(drills).toHaveLength(2);
    expect(new Set(drills.map((r) => r.historyId)).size).toBe(2);
  });

  it('marks the exploration skipped when the gate did not run it, with the gate\'s reason', async () => {
    const dir = await tempDir();
    const note = 'exploration skipped: the simulation world runs the reference core in process, not your service';
    await writeAllureResults(gateReport({ notes: [note] }), dir);
    const results = await readResults(dir);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'skipped', statusDetails: { message: note } });
    const globals = (await readdir(join(dir, 'allure-results'))).filter((f) => f.endsWith('-globals.json'));
    expect(globals).toHaveLength(1);
  });

  it('writes the environment and executor, redacts every file, and replaces an earlier run\'s results', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'allure-results'), { recursive: true });
    await writeFile(join(dir, 'allure-results', 'stale-result.json'), '{}');
    const files = await writeAllureResults(fullReport(), dir);
    expect(files.some((f) => f.includes('stale'))).toBe(false);
    expect(await readFile(join(dir, 'allure-results', 'environment.properties'), 'utf8')).toMatch(/^sut=reference core$/m);
    expect(JSON.parse(await readFile(join(dir, 'allure-results', 'executor.json'), 'utf8'))).toMatchObject({ name: 'gauntlet', reportName: 'gauntlet release gate: error' });
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      for (const secret of [...PANS, ...SECRETS]) expect(text, `${f} holds ${secret}`).not.toContain(secret);
    }
  });
});

describe('writeAllureResults: every drill verdict', () => {
  const drillResult = (rs: TestResult[], d: DrillResult) => one(rs, (r) => r.name === `drill ${d.drill}`);

  it('vacuous is broken naming the shortfalls, not applicable skipped with the reason and no invariants, below threshold failed and tagged threshold, pass and fail as before', async () => {
    const dir = await tempDir();
    const drills = [real.passing, { ...real.failing, drill: `${real.failing.drill}-mutant` }, verdicts.vacuous, verdicts.notApplicable, verdicts.belowThreshold];
    expect(drills.map((d) => d.verdict)).toEqual(['pass', 'fail', 'vacuous', 'not_applicable', 'below_threshold']);
    await writeAllureResults(gateReport({ verdict: 'error', drills }), dir);
    const results = await readResults(dir);
    expect(drills.map((d) => drillResult(results, d).status)).toEqual(['passed', 'failed', 'broken', 'skipped', 'failed']);
    expect(drills.map((d) => param(drillResult(results, d), 'verdict'))).toEqual(['pass', 'fail', 'vacuous', 'not_applicable', 'below_threshold']);

    const vacuous = drillResult(results, verdicts.vacuous);
    expect(vacuous.statusDetails.message).toBe(`proved nothing: ${verdicts.vacuous.shortfalls.join('; ')}`);
    expect(vacuous.statusDetails.message).toContain('fault never fired');
    expect(label(vacuous, 'tag')).toEqual(['vacuous']);

    const na = drillResult(results, verdicts.notApplicable);
    expect(na.statusDetails.message).toBe(`not applicable: ${verdicts.notApplicable.notApplicable}`);
    expect(results.filter((r) => label(r, 'suite')[0] === `${verdicts.notApplicable.drill} (sim)`)).toHaveLength(1);

    const below = drillResult(results, verdicts.belowThreshold);
    expect(label(below, 'tag')).toEqual(['threshold']);
    expect(below.statusDetails.message).toMatch(/^threshold missed \(money safe\): minAuthorizationSuccessRate ≥ 95% \(overridden\): measured [\d.]+%$/);
    expect(below.statusDetails.trace).toContain('(policy threshold, overridden by the team)');
    // Money was safe: its invariants passed.
    for (const inv of verdicts.belowThreshold.invariants.filter((i) => i.valid === true)) expect(one(results, (r) => label(r, 'suite')[0] === `${verdicts.belowThreshold.drill} (sim)` && r.name === `invariant ${inv.invariant}`).status).toBe('passed');

    const failed = drillResult(results, drills[1]!);
    expect(label(failed, 'tag')).toEqual([]);
    expect(label(drillResult(results, real.passing), 'tag')).toEqual([]);
  });

  it('carries what the run exercised: coverage per provider × operation and each fault\'s hits, as an attachment and in the description', async () => {
    const dir = await tempDir();
    await writeAllureResults(gateReport({ drills: [real.passing, verdicts.vacuous] }), dir);
    const results = await readResults(dir);
    for (const d of [real.passing, verdicts.vacuous]) {
      const r = drillResult(results, d);
      const text = await attachment(dir, r, 'coverage and fault hits');
      const lines = text.trim().split('\n');
      expect(lines.filter((l) => l.startsWith('coverage '))).toEqual(coverageRows(d).map(coverageLine));
      expect(lines.filter((l) => l.startsWith('coverage '))).toHaveLength(d.coverage.length);
      for (const f of d.faults) expect(lines).toContain(`fault applied: ${f.description}: ${f.hits} ${f.unit} touched${f.hits === 0 ? ' (NEVER FIRED)' : ''}`);
      expect(r.description).toContain(`- ${coverageLine(coverageRows(d)[0]!)}`);
    }
    expect(real.passing.faults.some((f) => f.hits > 0)).toBe(true);
    expect(verdicts.vacuous.faults.map((f) => f.hits)).toEqual([0]);
  });
});

describe('renderAllureReport', () => {
  it('renders the results with Allure 3 into one index.html that carries them and fetches nothing', async () => {
    const dir = await tempDir();
    const report = fullReport();
    const files = await writeAllureResults(report, dir);
    const rendered = await renderAllureReport(join(dir, 'allure-results'), join(dir, 'allure-report'));
    expect(rendered).toEqual({ ok: true, index: join(dir, 'allure-report', 'index.html') });
    const html = await readFile(join(dir, 'allure-report', 'index.html'), 'utf8');
    // Everything it loads is inline: no script, stylesheet or image from a URL, no analytics.
    expect(html.match(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?!data:)[^"]*"/g)).toBeNull();
    expect(html).not.toMatch(/googletagmanager|dataLayer/);
    // The results travel inside the page, base64-encoded per data file.
    const data = [...html.matchAll(/d\("(data\/test-results\/[^"]+)","([^"]+)"\)/g)].map((m) => JSON.parse(Buffer.from(m[2]!, 'base64').toString('utf8')) as { name: string; status: string });
    expect(data).toHaveLength(files.filter((f) => f.endsWith('-result.json')).length);
    expect(data.find((t) => t.name === 'invariant no-double-money' && t.status === 'failed')).toBeDefined();
    expect(data.filter((t) => t.status === 'broken')).toHaveLength(report.errors.length);
  });

  it('says why when there is nothing to render', async () => {
    const dir = await tempDir();
    expect(await renderAllureReport(join(dir, 'nothing-here'), join(dir, 'out'))).toEqual({ ok: false, reason: `no Allure results in ${join(dir, 'nothing-here')}` });
  });
});
