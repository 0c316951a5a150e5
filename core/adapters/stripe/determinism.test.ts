// The adapter's sources reach for no ambient time, randomness, timers, network or SDK: everything
// comes in through its options. AbortSignal.timeout is the one allowed clock (the call's deadline).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('test-support'));

const FORBIDDEN: [string, RegExp][] = [
  ['Date.now()', /\bDate\.now\s*\(/],
  ['new Date()', /\bnew\s+Date\s*\(\s*\)/],
  ['Math.random', /\bMath\.random\b/],
  ['setTimeout', /\bsetTimeout\b/],
  ['setInterval', /\bsetInterval\b/],
  ['global fetch', /(?<![.\w])fetch\s*\(|globalThis\.fetch/],
  ['the stripe SDK', /from\s+['"]stripe['"]|require\(\s*['"]stripe['"]\s*\)/],
  ['performance.now', /\bperformance\.now\b/],
];

describe('determinism of the adapter sources', () => {
  it('finds the sources', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.ts', 'client.ts', 'classify.ts', 'mapping.ts', 'webhooks.ts', 'events.ts', 'signature.ts']));
  });

  it.each(sources)('%s uses nothing ambient', (file) => {
    // Comments may name what is forbidden; only code counts.
    const code = readFileSync(join(here, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');
    const found = FORBIDDEN.filter(([, re]) => re.test(code)).map(([name]) => name);
    expect(found).toEqual([]);
  });
});
