// Prints the suite's closing line in the plain form CI reads: "tests: N passed, N failed, N skipped",
// summed over every vitest JSON report given. Failed tests are listed just above it (file, name,
// first lines of the error), because CI keeps only the tail of the output and a red run must say
// what failed.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`tests: no results in ${file} (${err.message})`);
    process.exitCode = 1;
    process.exit();
  }
  for (const suite of r.testResults ?? []) {
    const failedHere = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (failedHere.length === 0 && suite.status === 'failed') {
      console.log(`FAILED ${suite.name}: ${(suite.message ?? '').split('\n').slice(0, 6).join('\n  ')}`);
    }
    for (const t of failedHere) {
      const msg = (t.failureMessages ?? []).join('\n').split('\n').slice(0, 8).join('\n  ');
      console.log(`FAILED ${suite.name} > ${t.fullName ?? t.title}\n  ${msg}`);
    }
  }
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
