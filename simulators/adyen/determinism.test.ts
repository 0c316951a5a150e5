// The simulator reaches for no ambient time, randomness, timers or network: the same seed gives
// the same run, and the source says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adyenInProcess, card } from './test-support/in-process.ts';

async function run(seed: number) {
  const t = adyenInProcess({ seed });
  const { json } = await t.pay();
  await t.modify(json.pspReference, 'captures', { amount: { value: 1000, currency: 'EUR' } }, { 'idempotency-key': 'c' });
  await t.pay({ paymentMethod: card({ holderName: 'BLOCK_CARD' }) });
  await t.sim.kernel.webhooks.flush();
  return { ledger: JSON.stringify(t.sim.kernel.ledger.all()), deliveries: t.delivered.map((d) => d.body) };
}

const FORBIDDEN: [RegExp, string][] = [
  [/Date\.now\s*\(/, 'Date.now()'],
  [/new Date\s*\(\s*\)/, 'new Date()'],
  [/Math\.random\s*\(/, 'Math.random()'],
  [/\bsetTimeout\s*\(/, 'setTimeout'],
  [/\bsetInterval\s*\(/, 'setInterval'],
  [/\bsetImmediate\s*\(/, 'setImmediate'],
  [/(?<![.\w])fetch\s*\(/, 'global fetch'],
  [/globalThis\.fetch/, 'global fetch'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('determinism', () => {
  it('replays a run from its seed: same ledger, same notifications byte for byte', async () => {
    expect(await run(11)).toEqual(await run(11));
    expect((await run(11)).ledger).not.toEqual((await run(12)).ledger);
  });

  it('uses no ambient clock, randomness, timers or global fetch outside tests', () => {
    const files = sources(import.meta.dirname);
    expect(files.length).toBeGreaterThan(10);
    const offences = files.flatMap((f) => {
      const code = readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      return FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => `${f}: ${what}`);
    });
    expect(offences).toEqual([]);
  });
});
