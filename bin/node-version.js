// The oldest Node Gauntlet runs on, checked by bin/gauntlet.js before anything else loads, so an
// old Node gets one line saying what to do instead of a stack trace from deep inside a dependency
// (vitest 5 and commander 15 need 22.12). Plain JS with nothing newer than Node 12 in it: this is
// the file that must still run on the Node it refuses.
// Kept equal to package.json engines and harness/toolchain/versions.ts (a test checks it).
export const NODE_MINIMUM = '22.12.0';

/** x.y.z (a leading v allowed) as numbers; NaN parts when it is not a version. */
function parts(version) {
  return String(version).replace(/^v/, '').split('.').slice(0, 3).map(Number);
}

/** Whether `version` is older than `minimum`. */
export function olderThan(version, minimum) {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((have[i] || 0) !== need[i]) return (have[i] || 0) < need[i];
  }
  return false;
}

/** The one line to print when this Node is too old, or null when it will do. */
export function tooOldMessage(version, execPath) {
  if (!olderThan(version, NODE_MINIMUM)) return null;
  return 'gauntlet: needs Node >= ' + NODE_MINIMUM + ', but this is Node ' + version + ' (' + execPath + '); ' +
    'in a clone, `make setup` brings one from the npm registry into ~/.cache/gauntlet/tools/node-<version>/bin (put that first on PATH), ' +
    'or install Node 22, 24 or 26 yourself';
}
