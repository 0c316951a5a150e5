// The page's only stylesheet, inline so the report is one file that opens anywhere (a CI
// artefact, an e-mail attachment, a laptop offline).
import { raw } from 'hono/html';
import type { Markup } from './escape.ts';
export const CSS = `
:root { --ok: #2e7d32; --fail: #c62828; --info: #ef8f00; --error: #6a1b9a; --muted: #666; --line: #ddd;
  --below: #e65100; --vacuous: #37474f; --na: #90a4ae; --short: #fff3e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 1rem 2rem 4rem; max-width: 1240px; color: #222; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); } h3 { margin: 2rem 0 .5rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--line); padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f7f7f7; border: 1px solid var(--line); padding: .5rem; overflow-x: auto; white-space: pre; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: .8rem; color: #fff; font-weight: 600; font-size: .85em; }
.badge.pass, .badge.ok { background: var(--ok); } .badge.fail { background: var(--fail); } .badge.error { background: var(--error); } .badge.unknown, .badge.skip { background: var(--info); }
.badge.below_threshold { background: var(--below); }
/* Drill verdicts: each its own colour. Vacuous is dark slate and striped (it proved nothing: not
   green, not red); not applicable a pale grey outline (nothing ran). */
.badge.v-pass { background: var(--ok); } .badge.v-fail { background: var(--fail); } .badge.v-below_threshold { background: var(--below); }
.badge.v-vacuous { background: repeating-linear-gradient(135deg, var(--vacuous) 0 6px, #546e7a 6px 12px); }
.badge.v-not_applicable { background: #fff; color: #546e7a; border: 1px dashed var(--na); }
/* Not run (the gate's budget left it out) and the gate's incomplete: amber outline, not green. */
.badge.v-not_run { background: #fff; color: var(--below); border: 1px dashed var(--below); } .badge.incomplete { background: var(--info); }
.verdict { font-size: 1.3rem; padding: .2rem 1rem; }
tr.short td { background: var(--short); } tr.row-fail td:first-child { border-left: 4px solid var(--fail); } tr.row-vacuous td:first-child { border-left: 4px solid var(--vacuous); }
tr.row-below_threshold td:first-child { border-left: 4px solid var(--below); } tr.row-not_applicable td { color: var(--muted); }
tr.row-not_run td { color: var(--muted); } tr.row-not_run td:first-child { border-left: 4px dashed var(--below); }
.policy { font-size: .8em; color: var(--below); border: 1px solid var(--below); border-radius: .3rem; padding: 0 .3rem; margin-left: .3rem; }
.shortfalls { border-left: 4px solid var(--vacuous); background: #eceff1; padding: .3rem 1rem; } .na-reason { font-size: 1.1rem; }
.notes { border-left: 4px solid var(--na); padding: .1rem 1rem; }
.totals { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; } .totals div { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem 1rem; min-width: 10rem; }
.totals b { display: block; font-size: 1.3rem; }
.muted { color: var(--muted); } .bad { color: var(--fail); font-weight: 600; } .good { color: var(--ok); }
.mismatch { color: var(--fail); margin: 0; padding-left: 1.2rem; }
details { margin: .4rem 0; } summary { cursor: pointer; }
.drill { border-top: 1px solid var(--line); }
.cols { display: flex; gap: 2rem; flex-wrap: wrap; }
.scroll { overflow-x: auto; border: 1px solid var(--line); }
.legend span { display: inline-block; margin-right: 1rem; } .legend i { display: inline-block; width: .9rem; height: .6rem; margin-right: .3rem; vertical-align: middle; }
svg.timeline { display: block; background: #fff; }
svg .lbl { font: 10px ui-monospace, monospace; fill: #333; } svg .hl { fill: var(--fail); font-weight: bold; }
svg .flt { font: 9px system-ui, sans-serif; fill: #333; } svg .tick, svg .ph { font: 9px system-ui, sans-serif; fill: #555; }
svg .grid { stroke: #eee; } svg .phase { stroke: #555; stroke-dasharray: 4 3; }
svg .brk { font: italic 9px system-ui, sans-serif; fill: #555; } svg .brkmark { stroke: #777; stroke-width: 1.5; fill: none; }
.legend .group { border-left: 2px solid var(--line); padding-left: .6rem; } .legend .group span { margin: 0 0 0 .6rem; }
.legend i.brk-key { background: #f2f2f2; border-left: 2px solid #777; border-right: 2px solid #777; }
/* Outcome columns: the SUT's deliberate answers (blue, reports/outcome.ts) apart from platform failures (red, amber). */
th.o-declined { border-top: 3px solid #29b6f6; } th.o-refused { border-top: 3px solid #3949ab; } th.o-failed { border-top: 3px solid var(--fail); } th.o-indeterminate { border-top: 3px solid var(--info); }
td.o-declined b, td.o-refused b { color: #3949ab; } td.o-failed b { color: var(--fail); } td.o-indeterminate b { color: #b26a00; }
`;

/**
 * The page's <style> element. The only raw() in the reports: CSS is this file's constant, never
 * data, and escaping it would break it (a style element's text is not entity-decoded, so the
 * quotes around "Segoe UI" must stay quotes).
 */
export function styleElement(extra = ''): Markup {
  return raw(`<style>${CSS}${extra}</style>`);
}
