#!/usr/bin/env node
// The CLI entry, in two places with one body: bin/gauntlet.js (the repo and the package) and
// dist/bin/gauntlet.js (a copy the build makes, for children spawned from dist/).
// - In a clone, the TypeScript sources are next to it: they run through tsx (a devDependency), so
//   `npx gauntlet <verb>` works straight after `npm ci` with no build step and never runs a stale
//   dist/ left by an earlier `npm run build`.
// - In the installed package there are no sources, only dist/: plain node runs the built JS, and
//   tsx is not needed (it is loaded later only to import a team's TypeScript driver or adapter).
import { existsSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const sources = new URL('../harness/cli/main.ts', here);
const built = [new URL('../dist/harness/cli/main.js', here), new URL('../harness/cli/main.js', here)].find((u) => existsSync(u));

let entry;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = sources;
} else if (built) {
  entry = built;
} else {
  process.stderr.write('gauntlet: neither the sources (harness/cli/main.ts) nor the build (dist/) is next to this file; run `npm run build`\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
