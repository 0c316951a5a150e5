// The adapter's sources reach for no ambient time, randomness, timers or network, and never load
// the Adyen SDK at runtime: the simulation world replays only if that holds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const FORBIDDEN: [string, RegExp][] = [
  ['Date.now()', /\bDate\.now\s*\(/],
  ['new Date() without arguments', /\bnew\s+Date\s*\(\s*\)/],
  ['Math.random', /\bMath\.random\b/],
  ['setTimeout', /\bsetTimeout\b/],
  ['setInterval', /\bsetInterval\b/],
  ['setImmediate', /\bsetImmediate\b/],
  ['performance.now', /\bperformance\.now\b/],
  ['global fetch', /(?<![.\w])fetch\s*\(|\bglobalThis\.fetch\b/],
  ['the Adyen SDK', /@adyen\/api-library/],
];

/** Source lines without comment lines (every comment here is a whole `//`, `/**` or ` *` line). */
function code(file: string): string {
  return readFileSync(`${DIR}/${file}`, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join('\n');
}

const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('determinism of the adapter sources', () => {
  it('finds the sources', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.ts', 'client.ts', 'classify.ts', 'webhooks.ts', 'hmac.ts']));
  });

  for (const file of sources) {
    it(`${file} uses nothing ambient`, () => {
      const text = code(file);
      const found = FORBIDDEN.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
      expect(found).toEqual([]);
    });
  }

  it('the scan does catch what it looks for', () => {
    const sample = 'const t = Date.now(); await fetch(url); setTimeout(f, 1); new Date();';
    expect(FORBIDDEN.filter(([, p]) => p.test(sample)).map(([w]) => w)).toEqual(['Date.now()', 'new Date() without arguments', 'setTimeout', 'global fetch']);
  });
});
