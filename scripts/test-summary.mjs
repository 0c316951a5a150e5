// Prints the suite's closing line in the plain form CI reads: "tests: N passed, N failed, N skipped".
// Failed tests are listed just above it (file, name, first lines of the error), because CI keeps
// only the tail of the output and a red run must say what failed.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
try {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of r.testResults ?? []) {
    const failed = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (failed.length === 0 && suite.status === 'failed') {
      console.log(`FAILED ${suite.name}: ${(suite.message ?? '').split('\n').slice(0, 6).join('\n  ')}`);
    }
    for (const t of failed) {
      const msg = (t.failureMessages ?? []).join('\n').split('\n').slice(0, 8).join('\n  ');
      console.log(`FAILED ${suite.name} > ${t.fullName ?? t.title}\n  ${msg}`);
    }
  }
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} catch (err) {
  console.log(`tests: no results in ${file} (${err.message})`);
  process.exitCode = 1;
}
