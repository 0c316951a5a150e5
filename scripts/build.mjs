// `npm run build`: the published package's dist/. tsc emits JS + .d.ts (tsconfig.build.json); then
// the files modules read at run time from paths next to themselves are copied beside the JS, so the
// built package finds them exactly where the sources do (core/db/migrations/ via MIGRATIONS_DIR,
// scenarios/drills/ via DRILLS_DIR, the JSON Schema, the committed pacts), and the CLI entry is
// copied to dist/bin/ (harness/live/core-child.ts spawns ../../bin/gauntlet.js from its own folder).
// dist/ is removed first: a file deleted from the sources must not linger in a package.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** [source folder, file filter] copied to the same place under dist/. */
const ASSETS = [
  ['core/db/migrations', (f) => f.endsWith('.sql')],
  ['scenarios/drills', (f) => f.endsWith('.json')],
  ['scenarios', (f) => f === 'drill.schema.json'],
  ['contracts/pacts', (f) => f.endsWith('.json')],
  ['harness/explore', (f) => f.endsWith('.mjs')],
  ['harness/supervisor', (f) => f.endsWith('.mjs')],
  ['bin', (f) => f.endsWith('.js')],
];

rmSync(DIST, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
let copied = 0;
for (const [dir, keep] of ASSETS) {
  mkdirSync(join(DIST, dir), { recursive: true });
  for (const f of readdirSync(join(ROOT, dir)).filter(keep)) {
    cpSync(join(ROOT, dir, f), join(DIST, dir, f));
    copied += 1;
  }
}
process.stdout.write(`dist/: compiled, ${copied} run-time files copied beside it\n`);
