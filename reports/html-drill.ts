// One drill's section of the HTML page: verdict (and, for a drill that proved nothing, what did
// not happen), how the drill was narrowed to the SUT, what the run exercised (coverage per
// provider × operation beside what the drill requires), the payment KPIs next to the drill's pass
// criteria (policy thresholds marked), faults with their hit counts, the invariants, the SVG
// timeline, latency percentiles, and each violation with its explained minimal timeline and seed.
// A drill that was not applicable ran nothing: its section is the reason, nothing else.
import type { CheckResult, CriterionResult, DrillResult, DrillVerdict, DrillKpis } from '../harness/index.ts';
import type { PassCriteria } from '../scenarios/index.ts';
import { describeDrillEvent } from './describe.ts';
import { coverageRows, criterionBound, criterionKind, criterionValue, needsReplay, operationWords, replayCommand, VERDICT_LABEL, VERDICT_MEANING } from './drill-facts.ts';
import { join, markup, type Markup } from './escape.ts';
import { count, duration, millis, percent } from './format.ts';
import { OUTCOME_COLOUR, OUTCOME_LABEL, OUTCOME_MEANING, PLATFORM_FAULTS, SUT_ANSWERS, type Outcome } from './outcome.ts';
import { EMPTY_COUNTS, type OutcomeCounts } from './outcome-counts.ts';
import { FAULT_FILL, timelineSvg } from './timeline-svg.ts';

/** Violations shown in full per drill; the rest are counted (all are in gate.json). */
export const MAX_VIOLATIONS_SHOWN = 50;

interface KpiRow {
  label: string;
  value: (k: DrillKpis) => string;
  criterion?: keyof PassCriteria;
}

// The KPIs a payments team reads, in the order they read them, each beside the criterion that judges it.
const KPI_ROWS: KpiRow[] = [
  { label: 'platform-caused failure rate', value: (k) => percent(k.platformFailureRate), criterion: 'maxPlatformFailureRate' },
  { label: 'authorization success rate', value: (k) => percent(k.authorizationSuccessRate), criterion: 'minAuthorizationSuccessRate' },
  { label: 'duplicate financial operation rate', value: (k) => percent(k.duplicateRate), criterion: 'maxDuplicateRate' },
  { label: 'p95 end-to-end latency', value: (k) => millis(k.latencyMs.p95) },
  { label: 'webhook processing lag p95', value: (k) => millis(k.webhookLagP95Ms) },
  { label: 'reconciliation mismatch rate', value: (k) => percent(k.reconciliationMismatchRate), criterion: 'maxReconciliationMismatchRate' },
  { label: 'unknown-state count after healing', value: (k) => count(k.unknownAfterHeal), criterion: 'maxUnknownAfterHeal' },
  { label: 'settlement discrepancies the SUT reported', value: (k) => count(k.settlementDiscrepancies), criterion: 'minSettlementDiscrepancies' },
];

const NL = markup`\n`;

export function drillAnchor(index: number): string {
  return `drill-${index}`;
}

export function drillSection(d: DrillResult, index: number, mutant: string | null = null): Markup {
  const heading = markup`<h3>${verdictBadge(d.verdict)} drill ${d.drill} <span class="muted">(${d.world} world, seed ${d.seed})</span></h3>
${replayBlock(d, mutant)}`;
  if (d.verdict === 'not_applicable') {
    return markup`<section class="drill" id="${drillAnchor(index)}">
${heading}
<p class="na-reason">Not applicable: ${d.notApplicable ?? 'the SUT cannot take part in this drill'}.</p>
<p class="muted">Skipped, neither passed nor failed: ${VERDICT_MEANING.not_applicable}. Nothing was run, so there are no KPIs.</p>
${notesBlock(d)}
</section>`;
  }
  if (d.verdict === 'not_run') {
    return markup`<section class="drill" id="${drillAnchor(index)}">
${heading}
<p class="na-reason">Not run: ${d.notRun ?? "the gate's budget was spent"}.</p>
<p class="muted">${VERDICT_MEANING.not_run}. Give the gate a larger <code>--budget</code> to run it.</p>
</section>`;
  }
  const t0 = d.record.history[0]?.t ?? 0;
  const highlight = new Set(d.violations.map((v) => v.paymentId));
  const timeline = timelineSvg(d.record.history, { highlight, clock: d.world === 'sim' ? 'virtual' : 'wall' });
  const omitted = [
    timeline.omittedLanes ? `${timeline.omittedLanes} of ${timeline.lanes + timeline.omittedLanes} payments not drawn (lane cap; payments with violations or failed operations are drawn first)` : '',
    timeline.omittedWebhooks ? `${timeline.omittedWebhooks} webhook deliveries not drawn` : '',
    timeline.omittedFaults ? `${timeline.omittedFaults} fault windows not drawn` : '',
  ].filter(Boolean);
  return markup`<section class="drill" id="${drillAnchor(index)}">
${heading}
<p class="muted">${d.payments} payments, ${d.kpis.operations} money operations, ${clockDuration(d)}; history digest <code>${d.historyDigest}</code></p>
${shortfallBlock(d)}${notesBlock(d)}
<h4>Coverage: what the run exercised</h4>${coverageTable(d)}
<div class="cols">
<div><h4>KPIs and pass criteria</h4>${kpiTable(d)}</div>
<div><h4>Latency (merchant operations, invoke → completion)</h4>${d.world === 'sim' ? markup`<p class="muted">Virtual time: the simulation world's clock, which only moves for injected delays and timers, so a call no fault slowed reads 0 ms. Wall-clock latency comes from the live world or <code>gauntlet load</code>.</p>` : ''}${latencyTable(d.kpis)}
<h4>Invariants</h4>${invariantList(d.invariants)}</div>
</div>
<h4>Faults</h4>${faultLists(d)}
<h4>Timeline</h4>
${timelineLegend(d)}
<div class="scroll">${timeline.svg}</div>
${omitted.length ? markup`<p class="muted">${omitted.join('; ')}</p>` : ''}
${violationsBlock(d, t0)}
</section>`;
}

/** How long the drill ran, on which clock: `35.5 s simulated` (the simulation world's virtual clock) or `35.5 s wall`. */
export function clockDuration(d: Pick<DrillResult, 'durationMs' | 'world'>): string {
  return `${duration(d.durationMs)} ${d.world === 'sim' ? 'simulated' : 'wall'}`;
}

/**
 * The timeline's key: the SUT's deliberate answers (declined, refused) apart from the platform's
 * failures (failed, indeterminate), each swatch with its meaning as a tooltip; fault windows;
 * the marks for phases and compressed stretches.
 */
function timelineLegend(d: DrillResult): Markup {
  const swatch = (o: Outcome) => markup`<span class="o-${o}" title="${OUTCOME_MEANING[o]}"><i style="background:${OUTCOME_COLOUR[o]}"></i>${OUTCOME_LABEL[o]}</span>`;
  return markup`<p class="legend"><span class="o-ok" title="${OUTCOME_MEANING.ok}"><i style="background:${OUTCOME_COLOUR.ok}"></i>ok</span><span class="group">the SUT said no on purpose (it is working): ${SUT_ANSWERS.map(swatch)}</span><span class="group">the platform failed: ${PLATFORM_FAULTS.map(swatch)}</span>${swatch('pending')}</p>
<p class="legend">${Object.entries(FAULT_FILL).map(([kind, fill]) => markup`<span><i style="background:${fill};opacity:.35"></i>${kind} fault window</span>`)}<span>┆ phase change</span><span><i class="brk-key"></i>idle stretch, compressed (its real length labelled)</span><span class="muted">time axis: ${d.world === 'sim' ? 'simulated (virtual clock)' : 'wall clock'}; hover a bar for details; ⚠ marks a payment a violation names</span></p>`;
}

/** A finding carries the command that reproduces it, where a reader looks first: under its heading. */
export function replayBlock(d: DrillResult, mutant: string | null): Markup | '' {
  if (!needsReplay(d.verdict)) return '';
  return markup`<p class="replay">Replay it exactly: <code>${replayCommand(d, mutant)}</code></p>`;
}

/** A vacuous drill says first what did not happen: that is the whole finding. */
function shortfallBlock(d: DrillResult): Markup | '' {
  if (d.shortfalls.length === 0) return '';
  return markup`<div class="shortfalls"><p><b>Proved nothing</b>: ${VERDICT_MEANING.vacuous}. What did not happen:</p><ul>${d.shortfalls.map((s) => markup`<li>${s}</li>`)}</ul></div>\n`;
}

function notesBlock(d: DrillResult): Markup | '' {
  if (d.notes.length === 0) return '';
  return markup`<div class="notes"><p>Narrowed to what the SUT declares:</p><ul>${d.notes.map((n) => markup`<li>${n}</li>`)}</ul></div>\n`;
}

function coverageTable(d: DrillResult): Markup {
  const rows = coverageRows(d);
  if (rows.length === 0) return markup`<p class="muted">Nothing was attempted.</p>`;
  const cell = (o: keyof OutcomeCounts, n: number, extra: Markup | '' = '') => markup`<td class="num o-${o}">${n ? markup`<b>${n}</b>` : '0'}${extra}</td>`;
  const body = rows.map((r) => {
    const c = r.outcomes ?? { ...EMPTY_COUNTS, ok: r.ok, refused: r.refused, failed: r.fail, indeterminate: r.info };
    const top = r.refused && r.topRefusal ? markup` <span class="muted">(mostly <code>${r.topRefusal}</code>)</span>` : '';
    const required = r.min === undefined ? markup`<span class="muted">not targeted</span>` : markup`≥ ${r.min}${r.short ? markup` <b class="bad">short</b>` : ''}`;
    return markup`<tr${r.short ? markup` class="short"` : ''}><td>${r.provider}</td><td>${operationWords(r.operation)}</td><td class="num">${r.attempted}</td><td class="num o-ok">${c.ok}</td>${cell('declined', c.declined)}${cell('refused', c.refused, top)}${cell('failed', c.failed)}${cell('indeterminate', c.indeterminate)}<td class="num">${r.atPsp === null ? markup`<span class="muted">n/a</span>` : r.atPsp}</td><td>${required}</td></tr>`;
  });
  const th = (o: Outcome) => markup`<th class="o-${o}" title="${OUTCOME_MEANING[o]}">${OUTCOME_LABEL[o]}</th>`;
  return markup`<table class="coverage"><thead><tr><th>provider</th><th>operation</th><th>attempted</th>${th('ok')}${th('declined')}${th('refused')}${th('failed')}${th('indeterminate')}<th>money moved at the PSP</th><th>required</th></tr></thead><tbody>${body}</tbody></table>
<p class="muted">How the SUT answered. The SUT said no on purpose (it is working): <b>declined by the issuer</b> (reported as a decline) or <b>refused by the SUT</b> as illegal or unsupported (a 4xx by design, e.g. a refund above the captured amount; it never reached a PSP). The platform failed: <b>platform failure</b> (a 5xx, or a payment the SUT marks failed) or <b>indeterminate</b> (timed out, connection lost, left unknown: the money may or may not have moved). Money moved: movements of that kind in the PSP's own ledger. Required: what the drill needs to reach the PSP for its verdict to mean anything; a short row makes the drill vacuous.</p>`;
}

function kpiTable(d: DrillResult): Markup {
  const rows = KPI_ROWS.map((row) => {
    const c = row.criterion ? d.criteria.find((x) => x.criterion === row.criterion) : undefined;
    return markup`<tr><td>${row.label}</td><td class="num">${row.value(d.kpis)}</td><td>${c ? criterionText(c) : markup`<span class="muted">no criterion</span>`}</td><td>${c ? badge(c.ok ? 'ok' : 'fail') : ''}</td></tr>`;
  });
  const context = markup`<tr><td class="muted">issuer decline rate (context)</td><td class="num">${percent(d.kpis.declineRate)}</td><td></td><td></td></tr>`;
  return markup`<table class="kpis"><thead><tr><th>KPI</th><th>measured</th><th>pass criterion</th><th></th></tr></thead><tbody>${rows}${context}</tbody></table>`;
}

function criterionText(c: CriterionResult): Markup {
  const kind = criterionKind(c);
  return markup`${criterionBound(c)} ${criterionValue(c.criterion, c.limit)}${kind ? markup` <span class="policy" title="a resilience-policy threshold a team may override; missing it is below threshold, not a bug">${kind}</span>` : ''}`;
}

function latencyTable(k: DrillKpis): Markup {
  const l = k.latencyMs;
  return markup`<table class="latency"><thead><tr><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody><tr>${[l.p50, l.p95, l.p99, l.max].map((v) => markup`<td class="num">${millis(v)}</td>`)}</tr></tbody></table>`;
}

function invariantList(results: CheckResult[]): Markup {
  const items = results.map((r) => {
    const state = r.valid === 'unknown' ? markup`${badge('unknown')} undecided${r.note ? `: ${r.note}` : ''}` : r.valid ? badge('ok') : markup`${badge('fail')} ${r.violations.length} violation(s)`;
    return markup`<li><code>${r.invariant}</code> ${state}</li>`;
  });
  return markup`<ul>${items}</ul>`;
}

function faultLists(d: DrillResult): Markup {
  const counted = new Set(d.faults.map((f) => f.description));
  const uncounted = d.faultsApplied.filter((f) => !counted.has(f));
  const rows = [
    ...d.faults.map((f) => markup`<tr${f.hits === 0 ? markup` class="short"` : ''}><td>${f.description}</td><td><code>${f.target}</code></td><td class="num">${f.hits}${f.hits === 0 ? markup` <b class="bad">never fired</b>` : ''}</td><td>${f.unit}</td></tr>`),
    ...uncounted.map((f) => markup`<tr><td>${f}</td><td></td><td class="num muted">not counted</td><td></td></tr>`),
  ];
  const applied = rows.length
    ? markup`<table class="faults"><thead><tr><th>fault</th><th>target</th><th>hits</th><th>counted in</th></tr></thead><tbody>${rows}</tbody></table>`
    : markup`<p class="muted">none</p>`;
  const skipped = d.faultsSkipped.length
    ? markup`<p>Skipped: this world cannot apply them (the drill ran without them; not a failure of the SUT):</p><ul>${d.faultsSkipped.map((f) => markup`<li>${f}</li>`)}</ul>`
    : '';
  return markup`<p>Applied:</p>${applied}${skipped}`;
}

function violationsBlock(d: DrillResult, t0: number): Markup {
  if (d.violations.length === 0) return markup`<p class="good">No violations.</p>`;
  const shown = d.violations.slice(0, MAX_VIOLATIONS_SHOWN);
  const items = shown.map(
    (v, i) => markup`<details${i < 5 ? markup` open` : ''}><summary><span class="bad">[${v.invariant}]</span> <code>${v.paymentId}</code>: ${v.explanation}</summary>
<pre>${join(v.timeline.map((e) => describeDrillEvent(e, t0)), NL)}</pre>
<p class="muted">seed ${d.seed} (times from the drill's start)</p></details>`,
  );
  const more = d.violations.length > shown.length ? markup`<p class="muted">${d.violations.length - shown.length} more violations in gate.json.</p>` : '';
  return markup`<h4 class="bad">${d.violations.length} violation(s)</h4>${join(items, NL)}${more}`;
}

export function badge(kind: 'pass' | 'fail' | 'error' | 'ok' | 'unknown' | 'skip'): Markup {
  return markup`<span class="badge ${kind}">${kind.toUpperCase()}</span>`;
}

/** A drill verdict's badge: each verdict its own colour (html-style.ts), its own words. */
export function verdictBadge(v: DrillVerdict): Markup {
  return markup`<span class="badge v-${v}" title="${VERDICT_MEANING[v]}">${VERDICT_LABEL[v]}</span>`;
}
