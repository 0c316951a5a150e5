// The crash-only mutant is reachable only with a real process dying: the live crash drill must
// kill it, and the correct core must pass the very same drill, both run by the one runner.
import { describe, expect, it } from 'vitest';
import { crashDrill } from './crash-drill.ts';

describe('live crash drill', () => {
  it('the correct core recovers the capture a SIGKILL left open: no violation', async () => {
    const r = await crashDrill({ seed: 41 });
    expect(r.violations.map((v) => `${v.invariant}: ${v.explanation}`)).toEqual([]);
    const final = r.record.final;
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ status: 'captured' });
    expect(final[0]!.amounts.captured).toBe(final[0]!.amount);
    expect(r.record.ledger.filter((m) => m.kind === 'capture')).toHaveLength(1);
    // The crash happened, the webhooks were lost, and the capture's answer was lost with the core.
    expect(r.faults.map((f) => [f.unit, f.hits > 0])).toEqual(expect.arrayContaining([['crashes', true], ['deliveries', true]]));
    expect(r.record.history.some((e) => e.type === 'info' && e.op === 'capture')).toBe(true);
    expect(r.shortfalls).toEqual([]);
    expect(r.verdict).toBe('pass');
  }, 120_000);

  it('kills no-crash-recovery: the PSP captured, the core still says authorized', async () => {
    const r = await crashDrill({ seed: 41, mutant: 'no-crash-recovery' });
    expect(r.record.final[0]).toMatchObject({ status: 'authorized' });
    expect(r.violations.map((v) => v.invariant)).toContain('agreement');
    expect(r.verdict).toBe('fail');
  }, 120_000);
});
