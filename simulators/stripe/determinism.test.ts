// Same seed, same script, same bytes; and no ambient time, randomness, timers or network in the
// dialect's sources.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inProcess } from './test-support.ts';

async function script(seed: number) {
  const h = inProcess(seed, { endpoints: [{ url: 'http://merchant.test/hooks' }] });
  const out: string[] = [];
  const pi = await h.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true }, { 'idempotency-key': 'a' });
  const piBody = await pi.text();
  out.push(pi.headers.get('request-id')!, piBody);
  const id = JSON.parse(piBody).id;
  await h.clock.advance(5_000);
  for (const r of [
    await h.call('POST', `/v1/payment_intents/${id}/capture`, { amount_to_capture: 500 }),
    await h.call('POST', '/v1/refunds', { payment_intent: id, amount: 200 }),
    await h.call('POST', '/v1/payment_intents', { amount: 300, currency: 'usd', payment_method: 'pm_card_chargeDeclinedLostCard', confirm: true }),
  ]) {
    out.push(String(r.status), r.headers.get('request-id')!, await r.text());
  }
  await h.sim.kernel.webhooks.flush();
  out.push(...h.inbox.map((r) => `${r.headers['stripe-signature']}\n${r.body}`));
  out.push(JSON.stringify(h.sim.kernel.ledger.all()));
  return out;
}

describe('determinism', () => {
  it('the same seed gives the same responses, ids, signatures and ledger', async () => {
    const a = await script(42);
    const b = await script(42);
    expect(b).toEqual(a);
    const c = await script(43);
    expect(c).not.toEqual(a);
  });

  it('the sources use no ambient time, randomness, timers or network', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(10);
    const forbidden = [/Date\.now\(/, /new Date\(\s*\)/, /Math\.random\(/, /\bsetTimeout\(/, /\bsetInterval\(/, /(^|[^.\w])fetch\(/, /globalThis\.fetch/];
    // The patterns do catch what they are for.
    for (const bad of ['Date.now()', 'new Date()', 'Math.random()', 'setTimeout(f, 1)', 'setInterval(f, 1)', 'await fetch(url)', 'globalThis.fetch']) {
      expect(forbidden.some((p) => p.test(bad))).toBe(true);
    }
    const offences: string[] = [];
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const pattern of forbidden) if (pattern.test(text)) offences.push(`${file}: ${pattern}`);
    }
    expect(offences).toEqual([]);
  });
});
