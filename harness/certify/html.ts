// The certificate as one self-contained HTML page, in the gate report's style: inline CSS, no
// script, nothing fetched (a Content-Security-Policy forbids it), every data string through
// `safe` (redacted, then escaped). The adapter's own messages end up here verbatim, so nothing
// from the certificate is trusted as markup.
import { safe } from '../../reports/escape.ts';
import { CSS } from '../../reports/html-style.ts';
import type { CapabilityResult } from './capabilities.ts';
import type { Certificate } from './certificate.ts';
import type { FaultClassResult } from './fault-classes.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'";
const EXTRA_CSS = `
.matrix td.cell { text-align: center; width: 7rem; } .badge.na { background: #9e9e9e; } .badge.vacuous { background: #8e24aa; }
.reason { font-size: 1.05rem; } ul.facts { margin: .2rem 0; padding-left: 1.2rem; } ul.facts li.bad { color: var(--fail); }
`;

const VERDICT_BADGE: Record<Certificate['verdict'], string> = { certified: 'pass', not_certified: 'fail', incomplete: 'unknown' };

export function certificateHtml(c: Certificate): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gauntlet adapter certificate: ${safe(c.verdict.replace('_', ' ').toUpperCase())} (${safe(c.adapter)})</title>
<style>${CSS}${EXTRA_CSS}</style>
</head>
<body>
<header>
<h1>Adapter certificate <span class="badge ${VERDICT_BADGE[c.verdict]} verdict">${safe(c.verdict.replace('_', ' ').toUpperCase())}</span></h1>
<p>Adapter <b><code>${safe(c.adapter)}</code></b> · dialect <b>${safe(c.dialect)}</b> · seed <b>${safe(c.seed)}</b> · issued ${safe(c.issuedAt)}</p>
<p class="reason">${safe(c.reason)}</p>
<p class="muted">Run again with <code>${safe(c.rerun)}</code>: the simulation world is deterministic, the same seed gives the same certificate.</p>
</header>
${matrix(c)}
${capabilitiesSection(c.capabilities)}
${faultClassesSection(c.faultClasses, c.omitted)}
${explorationSection(c)}
</body>
</html>
`;
}

function cell(status: 'pass' | 'fail' | 'vacuous' | 'not_applicable'): string {
  return status === 'not_applicable' ? '<span class="badge na">N/A</span>' : status === 'vacuous' ? '<span class="badge vacuous">VACUOUS</span>' : `<span class="badge ${status}">${status.toUpperCase()}</span>`;
}

function matrix(c: Certificate): string {
  const caps = c.capabilities.map((x) => `<tr><td><a href="#cap-${safe(x.id)}">${safe(x.title)}</a></td><td class="cell">${cell(x.passed ? 'pass' : 'fail')}</td></tr>`).join('\n');
  const faults = c.faultClasses.map((f) => `<tr><td><a href="#drill-${safe(f.drill)}">${safe(f.drill)}</a></td><td class="cell">${cell(f.status)}</td></tr>`).join('\n');
  return `<section id="matrix"><h2>Matrix</h2>
<div class="cols">
<table class="matrix"><tr><th>capability</th><th>${safe(c.dialect)}</th></tr>
${caps}</table>
<table class="matrix"><tr><th>fault class (drill)</th><th>${safe(c.dialect)}</th></tr>
${faults}</table>
</div></section>`;
}

function capabilitiesSection(caps: CapabilityResult[]): string {
  const one = (x: CapabilityResult) => `<div class="drill" id="cap-${safe(x.id)}"><h3>${safe(x.title)} ${cell(x.passed ? 'pass' : 'fail')}</h3>
<p>${safe(x.explanation)}</p>
${x.scenarios
  .map(
    (s) => `<details${s.ok ? '' : ' open'}><summary>${cell(s.ok ? 'pass' : 'fail')} ${safe(s.name)}</summary><ul class="facts">
${s.failures.map((l) => `<li class="bad">${safe(l)}</li>`).join('')}${s.facts.map((l) => `<li>${safe(l)}</li>`).join('')}</ul></details>`,
  )
  .join('\n')}</div>`;
  return `<section id="capabilities"><h2>Capabilities</h2>
<p class="muted">One scripted payment per scenario through the core's merchant API, in a fresh world; judged by the simulator's ledger (the money the PSP moved) and the core's view.</p>
${caps.map(one).join('\n')}</section>`;
}

function faultClassesSection(faults: FaultClassResult[], omitted: string[]): string {
  const one = (f: FaultClassResult) => `<div class="drill" id="drill-${safe(f.drill)}"><h3>${safe(f.drill)} ${cell(f.status)}</h3>
<p class="muted">${safe(f.description)}</p>
<p>${safe(f.explanation)}</p>
${f.shortfalls.length ? `<p><strong>Fell short:</strong></p><ul>${f.shortfalls.map((x) => `<li>${safe(x)}</li>`).join('')}</ul>` : ''}
${f.faultHits.length ? `<p>Faults and what they touched:</p><ul>${f.faultHits.map((h) => `<li>${safe(h.description)}: ${safe(h.hits)} ${safe(h.unit)}</li>`).join('')}</ul>` : ''}
${f.criteria.length ? `<table><tr><th>criterion</th><th>limit</th><th>measured</th><th>reference adapter</th><th></th></tr>${f.criteria.map((c) => `<tr><td>${safe(c.criterion)}</td><td class="num">${safe(c.limit)}</td><td class="num">${safe(c.measured ?? '—')}</td><td class="num">${c.reference === undefined ? '' : safe(c.reference ?? '—')}</td><td>${c.ok ? cell('pass') : c.waived ? '<span class="badge unknown">AS REFERENCE</span>' : cell('fail')}</td></tr>`).join('')}</table>` : ''}
${f.faultsSkipped.length ? `<p class="muted">Skipped (no in-process equivalent): ${f.faultsSkipped.map(safe).join('; ')}</p>` : ''}
${f.violations
  .slice(0, 20)
  .map((v) => `<details><summary><b>${safe(v.invariant)}</b> ${safe(v.paymentId)}: ${safe(v.explanation)}</summary><pre>${v.timeline.map(safe).join('\n')}</pre></details>`)
  .join('\n')}${f.violations.length > 20 ? `<p class="muted">${f.violations.length - 20} more violation(s) in certificate.json.</p>` : ''}</div>`;
  return `<section id="fault-classes"><h2>Fault classes</h2>
<p class="muted">Each simulation drill of the catalogue with every payment on this dialect and only the faults that reach it. N/A: the drill is about something no single adapter does.</p>
${omitted.length ? `<p class="bad">Left out of this run: ${omitted.map(safe).join(', ')}.</p>` : ''}
${faults.map(one).join('\n')}</section>`;
}

function explorationSection(c: Certificate): string {
  const e = c.exploration;
  if (!e) return '<section id="exploration"><h2>Exploration</h2><p class="muted">Not run.</p></section>';
  return `<section id="exploration"><h2>Exploration ${cell(e.violations.length ? 'fail' : 'pass')}</h2>
<p class="muted">Generated workloads over both providers and <code>auto</code>, with this adapter for its dialect and the built-in one for the other. Violations are reported here and in the verdict's reason, not counted in the verdict: read them, they may name the core or this adapter.</p>
<p>${safe(e.runs)} generated runs (seed ${safe(e.seed)}), ${safe(e.lifecycles)} payment lifecycles, ${safe(e.violations.length)} violation(s); history digest <code>${safe(e.historyDigest.slice(0, 16))}</code>.</p>
${e.violations.map((v) => `<details open><summary><b>${safe(v.invariant)}</b> ${safe(v.paymentId)}: ${safe(v.explanation)} <span class="muted">(path ${safe(v.path)})</span></summary><pre>${v.timeline.map(safe).join('\n')}</pre></details>`).join('\n')}</section>`;
}
