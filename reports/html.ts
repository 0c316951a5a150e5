// The gate as one self-contained HTML page: inline CSS and SVG, no script, no fetches, no URLs
// of its own; a Content-Security-Policy forbids loading anything even if a data string slipped
// through. The page is written with `markup` (escape.ts): everything interpolated is data,
// redacted and escaped, unless it is markup another `markup` call wrote.
import type { VerificationReport } from '../contracts/index.ts';
import type { DrillResult } from '../harness/index.ts';
import { drillMutant, gateTotals, type GateDrill, type GateReport, type GateTotals } from './gate-report.ts';
import { markup, join, type Interpolation, type Markup } from './escape.ts';
import { duration } from './format.ts';
import { criterionShort, unmetCriteria, VERDICT_LABEL } from './drill-facts.ts';
import { badge, clockDuration, drillAnchor, drillSection, verdictBadge } from './html-drill.ts';
import { styleElement } from './html-style.ts';

export function htmlReport(report: GateReport): string {
  const totals = gateTotals(report);
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gauntlet gate: ${gateLabel(report.verdict)} (${report.sut})</title>
${styleElement()}
</head>
<body>
${header(report, totals)}
${errorsSection(report.errors)}
${budgetSection(report)}
${drillsSection(report)}
${explorationSection(report.exploration, report.notRun)}
${contractsSection(report.contracts, totals)}
</body>
</html>
`.toString();
}

function header(r: GateReport, t: GateTotals): Markup {
  const cell = (title: string, value: string, detail: string, bad: boolean) => markup`<div><span class="muted">${title}</span><b class="${bad ? 'bad' : ''}">${value}</b><span class="muted">${detail}</span></div>`;
  return markup`<header>
<h1>Gauntlet release gate <span class="badge ${r.verdict} verdict">${gateLabel(r.verdict)}</span></h1>
<p>System under test: <b>${r.sut}</b> · started ${r.startedAt} · took ${duration(r.durationMs)}</p>
<div class="totals">
${cell('contract interactions', `${t.interactions - t.interactionsFailed} / ${t.interactions} pass`, `${t.pacts} pact(s)`, t.interactionsFailed > 0)}
${cell('exploration', `${t.explorationViolations} violation(s)`, `${t.explorationRuns} runs`, t.explorationViolations > 0)}
${cell('drills', `${drillsPassed(r)} / ${t.drills} pass`, drillDetail(t), t.drillsFailed + t.drillsVacuous + t.drillsBelowThreshold + t.drillsNotRun > 0)}
${cell('harness errors', String(t.errors), 'setup and harness failures', t.errors > 0)}
</div>
${r.notes.length ? markup`<p>Notes:</p><ul>${r.notes.map((n) => markup`<li>${n}</li>`)}</ul>` : ''}
<nav>Sections: <a href="#drills">drills</a> · <a href="#exploration">exploration</a> · <a href="#contracts">contracts</a></nav>
</header>`;
}

function gateLabel(v: GateReport['verdict']): string {
  return v === 'below_threshold' ? 'BELOW THRESHOLD' : v.toUpperCase();
}

function drillsPassed(r: GateReport): number {
  return r.drills.filter((d) => d.verdict === 'pass').length;
}

/** The drills' verdicts other than pass, counted, so "2 / 5 pass" says what the other three were. */
function drillDetail(t: GateTotals): string {
  const parts = [
    `${t.drillViolations} violation(s)`,
    ...(t.drillsVacuous ? [`${t.drillsVacuous} vacuous`] : []),
    ...(t.drillsBelowThreshold ? [`${t.drillsBelowThreshold} below threshold`] : []),
    ...(t.drillsNotApplicable ? [`${t.drillsNotApplicable} not applicable`] : []),
    ...(t.drillsNotRun ? [`${t.drillsNotRun} not run`] : []),
  ];
  return parts.join(', ');
}

/** The budget, how long each phase took, and what did not fit: why an incomplete gate is incomplete. */
function budgetSection(r: GateReport): Markup | '' {
  if (!r.phases && !r.budget && !r.notRun?.length) return '';
  const facts: Array<[string, string]> = [
    ...(r.budget ? [['budget', duration(r.budget.ms)] as [string, string]] : []),
    ...(r.phases
      ? ([
          ['contracts', duration(r.phases.contracts)],
          ['drills', `${duration(r.phases.drills)} (${r.drills.filter((d) => d.wallMs !== undefined).length} run)`],
          ['exploration', r.budget?.explorationMs === null ? 'not run' : `${duration(r.phases.exploration)}${r.budget ? ` of the ${duration(r.budget.explorationMs ?? 0)} left to it` : ''}`],
        ] as Array<[string, string]>)
      : []),
  ];
  return markup`<section id="budget"><h2${r.notRun?.length ? markup` class="bad"` : ''}>Budget</h2>
<p>Contracts and drills run first (the library's coverage is the gate's promise); exploration takes what is left. What would start past the budget is not started, and is listed here: the gate is then incomplete, never a pass.</p>
${facts.length ? markup`<table><tbody>${facts.map(([k, v]) => markup`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>` : ''}
${r.notRun?.length ? markup`<p class="bad">Not run:</p><ul>${r.notRun.map((n) => markup`<li>${n}</li>`)}</ul>` : ''}
</section>`;
}

function errorsSection(errors: string[]): Markup | '' {
  if (errors.length === 0) return '';
  return markup`<section id="errors"><h2 class="bad">Harness errors</h2>
<p>The gate could not finish what it set out to do; these are failures of the harness or its setup, not findings about the SUT.</p>
<ul>${errors.map((e) => markup`<li><pre>${e}</pre></li>`)}</ul></section>`;
}

// Failing interactions stand alone, open, before the rest; the passing ones (often dozens) fold
// into a <details> so a failing gate shows its failures first, not after a long green table.
function contractsSection(contracts: VerificationReport[], t: GateTotals): Markup {
  if (contracts.length === 0) return markup`<section id="contracts"><h2>Contracts</h2><p class="muted">No contracts were verified.</p></section>`;
  const failing = contracts.map((c) => ({ ...c, interactions: c.interactions.filter((i) => !i.ok) })).filter((c) => c.interactions.length > 0);
  const passing = contracts.map((c) => ({ ...c, interactions: c.interactions.filter((i) => i.ok) })).filter((c) => c.interactions.length > 0);
  const passed = t.interactions - t.interactionsFailed;
  return markup`<section id="contracts"><h2>${badge(t.interactionsFailed ? 'fail' : 'pass')} Contracts</h2>
<p>${passed} of ${t.interactions} interactions in ${t.pacts} pact(s) verified against the provider.</p>
${failing.length ? markup`<h3 class="bad">${t.interactionsFailed} failing interaction(s)</h3>${contractsTable(failing)}` : ''}
${passing.length ? markup`<details class="passing"><summary>${passed} passing interaction(s)</summary>${contractsTable(passing)}</details>` : ''}
</section>`;
}

function contractsTable(contracts: VerificationReport[]): Markup {
  const rows = contracts.flatMap((c) =>
    c.interactions.map(
      (i, n) => markup`<tr>${n === 0 ? markup`<td rowspan="${c.interactions.length}">${c.consumer} → ${c.provider}<br><span class="muted">${c.pactFile}<br>verified at ${c.baseUrl}</span></td>` : ''}
<td>${i.description}</td><td>${i.states.length ? join(i.states, markup`<br>`) : markup`<span class="muted">none</span>`}</td><td>${badge(i.ok ? 'ok' : 'fail')}${
        i.mismatches.length ? markup`<ul class="mismatch">${i.mismatches.map((m) => markup`<li>${m}</li>`)}</ul>` : ''
      }</td></tr>`,
    ),
  );
  return markup`<table><thead><tr><th>pact</th><th>interaction</th><th>provider states</th><th>result</th></tr></thead><tbody>
${join(rows, markup`\n`)}
</tbody></table>`;
}

function explorationSection(e: GateReport['exploration'], notRun: string[] = []): Markup {
  const why = notRun.find((n) => n.startsWith('exploration'));
  if (!e) return markup`<section id="exploration"><h2>Exploration</h2><p class="${why ? 'bad' : 'muted'}">${why ?? 'No exploration was run.'}</p></section>`;
  const facts: Array<[string, Interpolation]> = [
    ['seed', e.seed],
    ...(e.mutant ? [['mutant', markup`<code>${e.mutant}</code>`] as [string, Markup]] : []),
    ['runs', `${e.runs} generated, ${e.shrinkRuns} more while shrinking`],
    ['payment lifecycles', `${e.lifecycles} (${e.lifecyclesPerSecond} per second)`],
    ['duration', duration(e.durationMs)],
    ['history digest', markup`<code>${e.historyDigest}</code>`],
    ...(e.counterexampleOps !== undefined ? [['shrunk counterexample', `${e.counterexampleOps} operations`] as [string, string]] : []),
    ...(e.sql ? [['the same seed on PGlite', markup`${e.sql.runs} runs, ${e.sql.lifecycles} lifecycles, ${e.sql.violations.length} violation(s), history digest <code>${e.sql.historyDigest}</code>`] as [string, Markup]] : []),
  ];
  const found = [...e.violations.map((v) => ({ v, where: '' })), ...(e.sql?.violations ?? []).map((v) => ({ v, where: ' (core on PGlite)' }))];
  const violations = found.map(
    ({ v, where }) => markup`<details open><summary><span class="bad">[${v.invariant}]${where}</span> <code>${v.paymentId}</code>: ${v.explanation}</summary>
<pre>${join(v.timeline, markup`\n`)}</pre>
<p>seed ${v.seed}, path <code>${v.path}</code>. Replay it exactly: <code>${v.replay}</code></p></details>`,
  );
  return markup`<section id="exploration"><h2>${badge(found.length ? 'fail' : 'pass')} Exploration</h2>
<p>Generated payment workloads interleaved with PSP, network and webhook faults in the simulation world, every invariant checked after each run; a failure is shrunk to a minimal schedule.</p>
<table><tbody>${facts.map(([k, v]) => markup`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>
${violations.length ? markup`<h3 class="bad">${violations.length} violation(s)</h3>${join(violations, markup`\n`)}` : markup`<p class="good">No violations.</p>`}
</section>`;
}

/** Summary order: what needs a person first (bugs, then runs that proved nothing), passes and skips last. */
const SUMMARY_ORDER: Record<DrillResult['verdict'], number> = { fail: 0, vacuous: 1, below_threshold: 2, not_run: 3, pass: 4, not_applicable: 5 };

function drillsSection(report: GateReport): Markup {
  const drills = report.drills;
  if (drills.length === 0) return markup`<section id="drills"><h2>Drills</h2><p class="muted">No drills were run.</p></section>`;
  // Summary and sections both put what needs a person first (stably); anchors keep the gate's index.
  const ordered = drills.map((d, i) => ({ d, i })).sort((a, b) => SUMMARY_ORDER[a.d.verdict] - SUMMARY_ORDER[b.d.verdict] || a.i - b.i);
  const rows = ordered.map(({ d, i }) => {
    const faults = d.verdict === 'not_applicable' || d.verdict === 'not_run' ? markup`<span class="muted">—</span>` : markup`${d.faultsApplied.length} applied${d.faultsSkipped.length ? `, ${d.faultsSkipped.length} skipped` : ''}${neverFired(d)}`;
    return markup`<tr class="row-${d.verdict}"><td><a href="#${drillAnchor(i)}">${d.drill}</a></td><td>${d.world}</td><td class="num">${d.seed}</td><td>${verdictBadge(d.verdict)}</td><td>${why(d)}</td><td class="num">${d.payments}</td><td class="num">${d.violations.length}</td><td class="num">${faults}</td><td class="num">${drillTime(d)}</td></tr>`;
  });
  return markup`<section id="drills"><h2>Drills</h2>
<p class="muted">Sorted by verdict: ${Object.keys(SUMMARY_ORDER).map((v) => VERDICT_LABEL[v as DrillResult['verdict']]).join(', ')}.</p>
<table class="summary"><thead><tr><th>drill</th><th>world</th><th>seed</th><th>result</th><th>why</th><th>payments</th><th>violations</th><th>faults</th><th>duration</th></tr></thead><tbody>
${join(rows, markup`\n`)}
</tbody></table>
${join(ordered.map(({ d, i }) => drillSection(d, i, drillMutant(report, d))), markup`\n`)}
</section>`;
}

/** Wall time where the gate measured it, and a sim drill's own clock beside it, each labelled: `0.8 s wall · 35.5 s simulated`. */
function drillTime(d: GateDrill): string {
  if (d.wallMs === undefined) return clockDuration(d);
  return d.world === 'sim' ? `${duration(d.wallMs)} wall · ${clockDuration(d)}` : `${duration(d.wallMs)} wall`;
}

function neverFired(d: DrillResult): Markup | '' {
  const n = d.faults.filter((f) => f.hits === 0).length;
  return n ? markup`, <b class="bad">${n} never fired</b>` : '';
}

/** One line on why the verdict is what it is. */
function why(d: DrillResult): Interpolation {
  const { money, policy } = unmetCriteria(d);
  switch (d.verdict) {
    case 'pass':
      return '';
    case 'not_applicable':
      return d.notApplicable ?? '';
    case 'not_run':
      return d.notRun ?? '';
    case 'vacuous':
      return markup`${d.shortfalls[0] ?? ''}${d.shortfalls.length > 1 ? markup` <span class="muted">(+${d.shortfalls.length - 1} more)</span>` : ''}`;
    case 'below_threshold':
      return `policy: ${policy.map((c) => criterionShort(c)).join('; ')}`;
    case 'fail':
      return [d.violations.length ? `${d.violations.length} violation(s)` : '', ...money.map((c) => criterionShort(c))].filter(Boolean).join('; ');
  }
}
