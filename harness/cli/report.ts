// Printing for people: violations with their timelines, and durations like `30s`.
import type { ReportedViolation } from '../explore/explore.ts';
import { UsageError } from './args.ts';

export function printViolations(violations: ReportedViolation[], ops?: number): void {
  console.log(`\n${violations.length} violation(s)${ops !== undefined ? ` in a shrunk schedule of ${ops} operations` : ''}:`);
  for (const v of violations) {
    console.log(`\n  [${v.invariant}] ${v.paymentId}: ${v.explanation}`);
    for (const line of v.timeline) console.log(`    ${line}`);
    console.log(`  seed ${v.seed}, path ${v.path}\n  replay: ${v.replay}`);
  }
}

export function parseDuration(raw: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(raw);
  if (!m) throw new UsageError(`not a duration: ${raw} (e.g. 30s, 2m, 500ms)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}
