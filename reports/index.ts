// The reports' public face: the gate's report model and its three views (JUnit, HTML, JSON on disk).
export { GATE_EXIT, gateTotals, type GateBudget, type GateDrill, type GatePhases, type GateReport, type GateTotals } from './gate-report.ts';
export { junitXml } from './junit.ts';
export { htmlReport } from './html.ts';
export { writeGateReports, type GateReportPaths, type StoredDrill } from './write.ts';
export { redact, redactDeep, REDACTED_PAN } from './redact.ts';
export * from './allure.ts';
export { isPlausiblePan } from './redact.ts';
export { coverageLine, coverageRows, criterionLine, faultLines, VERDICT_LABEL, VERDICT_MEANING, type CoverageRow } from './drill-facts.ts';
export { join as joinMarkup, markup, type Markup } from './escape.ts';
export { styleElement } from './html-style.ts';
