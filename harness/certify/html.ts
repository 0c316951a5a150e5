// The certificate as one self-contained HTML page, in the gate report's style: inline CSS, no
// script, nothing fetched (a Content-Security-Policy forbids it), written with `markup`
// (reports/escape.ts) so every interpolated string is data: redacted, then escaped. The adapter's
// own messages end up here verbatim, so nothing from the certificate is trusted as markup.
import { joinMarkup as join, markup, styleElement, type Markup } from '../../reports/index.ts';
import type { CapabilityResult } from './capabilities.ts';
import type { Certificate } from './certificate.ts';
import type { FaultClassResult } from './fault-classes.ts';

const EXTRA_CSS = `
.matrix td.cell { text-align: center; width: 7rem; } .badge.na { background: #9e9e9e; } .badge.vacuous { background: #8e24aa; }
.reason { font-size: 1.05rem; } ul.facts { margin: .2rem 0; padding-left: 1.2rem; } ul.facts li.bad { color: var(--fail); }
`;

const VERDICT_BADGE: Record<Certificate['verdict'], string> = { certified: 'pass', not_certified: 'fail', incomplete: 'unknown' };
const NL = markup`\n`;

export function certificateHtml(c: Certificate): string {
  const verdict = c.verdict.replace('_', ' ').toUpperCase();
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gauntlet adapter certificate: ${verdict} (${c.adapter})</title>
${styleElement(EXTRA_CSS)}
</head>
<body>
<header>
<h1>Adapter certificate <span class="badge ${VERDICT_BADGE[c.verdict]} verdict">${verdict}</span></h1>
<p>Adapter <b><code>${c.adapter}</code></b> · dialect <b>${c.dialect}</b> · seed <b>${c.seed}</b> · issued ${c.issuedAt}</p>
<p class="reason">${c.reason}</p>
<p class="muted">Run again with <code>${c.rerun}</code>: the simulation world is deterministic, the same seed gives the same certificate.</p>
</header>
${matrix(c)}
${capabilitiesSection(c.capabilities)}
${faultClassesSection(c.faultClasses, c.omitted)}
${explorationSection(c)}
</body>
</html>
`.toString();
}

function cell(status: 'pass' | 'fail' | 'vacuous' | 'not_applicable'): Markup {
  return status === 'not_applicable' ? markup`<span class="badge na">N/A</span>` : status === 'vacuous' ? markup`<span class="badge vacuous">VACUOUS</span>` : markup`<span class="badge ${status}">${status.toUpperCase()}</span>`;
}

function matrix(c: Certificate): Markup {
  const caps = c.capabilities.map((x) => markup`<tr><td><a href="#cap-${x.id}">${x.title}</a></td><td class="cell">${cell(x.passed ? 'pass' : 'fail')}</td></tr>`);
  const faults = c.faultClasses.map((f) => markup`<tr><td><a href="#drill-${f.drill}">${f.drill}</a></td><td class="cell">${cell(f.status)}</td></tr>`);
  return markup`<section id="matrix"><h2>Matrix</h2>
<div class="cols">
<table class="matrix"><tr><th>capability</th><th>${c.dialect}</th></tr>
${join(caps, NL)}</table>
<table class="matrix"><tr><th>fault class (drill)</th><th>${c.dialect}</th></tr>
${join(faults, NL)}</table>
</div></section>`;
}

function capabilitiesSection(caps: CapabilityResult[]): Markup {
  const one = (x: CapabilityResult) => markup`<div class="drill" id="cap-${x.id}"><h3>${x.title} ${cell(x.passed ? 'pass' : 'fail')}</h3>
<p>${x.explanation}</p>
${join(
  x.scenarios.map(
    (s) => markup`<details${s.ok ? '' : markup` open`}><summary>${cell(s.ok ? 'pass' : 'fail')} ${s.name}</summary><ul class="facts">
${s.failures.map((l) => markup`<li class="bad">${l}</li>`)}${s.facts.map((l) => markup`<li>${l}</li>`)}</ul></details>`,
  ),
  NL,
)}</div>`;
  return markup`<section id="capabilities"><h2>Capabilities</h2>
<p class="muted">One scripted payment per scenario through the core's merchant API, in a fresh world; judged by the simulator's ledger (the money the PSP moved) and the core's view.</p>
${join(caps.map(one), NL)}</section>`;
}

function faultClassesSection(faults: FaultClassResult[], omitted: string[]): Markup {
  const one = (f: FaultClassResult) => markup`<div class="drill" id="drill-${f.drill}"><h3>${f.drill} ${cell(f.status)}</h3>
<p class="muted">${f.description}</p>
<p>${f.explanation}</p>
${f.shortfalls.length ? markup`<p><strong>Fell short:</strong></p><ul>${f.shortfalls.map((x) => markup`<li>${x}</li>`)}</ul>` : ''}
${f.faultHits.length ? markup`<p>Faults and what they touched:</p><ul>${f.faultHits.map((h) => markup`<li>${h.description}: ${h.hits} ${h.unit}</li>`)}</ul>` : ''}
${f.criteria.length ? markup`<table><tr><th>criterion</th><th>limit</th><th>measured</th><th>reference adapter</th><th></th></tr>${f.criteria.map((c) => markup`<tr><td>${c.criterion}</td><td class="num">${c.limit}</td><td class="num">${c.measured ?? '—'}</td><td class="num">${c.reference === undefined ? '' : (c.reference ?? '—')}</td><td>${c.ok ? cell('pass') : c.waived ? markup`<span class="badge unknown">AS REFERENCE</span>` : cell('fail')}</td></tr>`)}</table>` : ''}
${f.faultsSkipped.length ? markup`<p class="muted">Skipped (no in-process equivalent): ${f.faultsSkipped.join('; ')}</p>` : ''}
${join(
  f.violations.slice(0, 20).map((v) => markup`<details><summary><b>${v.invariant}</b> ${v.paymentId}: ${v.explanation}</summary><pre>${join(v.timeline, NL)}</pre></details>`),
  NL,
)}${f.violations.length > 20 ? markup`<p class="muted">${f.violations.length - 20} more violation(s) in certificate.json.</p>` : ''}</div>`;
  return markup`<section id="fault-classes"><h2>Fault classes</h2>
<p class="muted">Each simulation drill of the catalogue with every payment on this dialect and only the faults that reach it. N/A: the drill is about something no single adapter does.</p>
${omitted.length ? markup`<p class="bad">Left out of this run: ${omitted.join(', ')}.</p>` : ''}
${join(faults.map(one), NL)}</section>`;
}

function explorationSection(c: Certificate): Markup {
  const e = c.exploration;
  if (!e) return markup`<section id="exploration"><h2>Exploration</h2><p class="muted">Not run.</p></section>`;
  return markup`<section id="exploration"><h2>Exploration ${cell(e.violations.length ? 'fail' : 'pass')}</h2>
<p class="muted">Generated workloads over both providers and <code>auto</code>, with this adapter for its dialect and the built-in one for the other. Violations are reported here and in the verdict's reason, not counted in the verdict: read them, they may name the core or this adapter.</p>
<p>${e.runs} generated runs (seed ${e.seed}), ${e.lifecycles} payment lifecycles, ${e.violations.length} violation(s); history digest <code>${e.historyDigest.slice(0, 16)}</code>.</p>
${join(
  e.violations.map((v) => markup`<details open><summary><b>${v.invariant}</b> ${v.paymentId}: ${v.explanation} <span class="muted">(path ${v.path})</span></summary><pre>${join(v.timeline, NL)}</pre></details>`),
  NL,
)}</section>`;
}
