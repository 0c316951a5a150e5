// `gauntlet --version`: the version of the package this CLI runs from. Its package.json is found
// upward from this file: the sources (harness/cli/) and the built package (dist/harness/cli/) sit
// at different depths below it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'gauntlet' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // none here, or not ours: look further up
    }
    if (dirname(dir) === dir) return undefined;
  }
}
