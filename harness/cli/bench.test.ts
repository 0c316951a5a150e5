// `gauntlet bench --quick`: the whole command, tiny, through its own argument parsing; the JSON it
// prints has every figure the bench promises. Shapes only: no test asserts a speed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from './args.ts';
import { bench, type BenchResults } from './bench.ts';

afterEach(() => vi.restoreAllMocks());

async function printed(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const code = await bench(argv);
  return { code, out: lines.join('\n') };
}

describe('gauntlet bench', () => {
  it('--quick --json prints the simulator ratios and the CPU per request at each level', async () => {
    const { code, out } = await printed(['--quick', '--json', '--only', 'simulator,cpu', '--cpu-levels', '0,1k']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as BenchResults;
    expect(Object.keys(r).sort()).toEqual(['cpu', 'simulator']);
    expect(r.simulator!.rounds).toBe(1);
    expect(r.simulator!.stripe.throughput).toBeGreaterThan(0);
    expect(r.simulator!.ratios.stripeVsBare).toBeGreaterThan(0);
    expect(r.simulator!.ratios.adyenVsBare).toBeGreaterThan(0);
    expect(r.cpu!.levels.map((l) => l.intents >= 0)).toEqual([true, true]);
    expect(r.cpu!.levels[1]!.intents).toBeGreaterThanOrEqual(1000);
  }, 90_000);

  it('prints a table with every figure, and says why a comparison is unavailable', async () => {
    const { out } = await printed(['--quick', '--only', 'simulator']);
    for (const name of ['bare Hono endpoint', 'stripe-mock', 'Stripe simulator (stateful)', 'Stripe simulator via toxiproxy', 'Adyen simulator (stateful)']) expect(out).toContain(name);
    expect(out).toMatch(/Stripe simulator \/ stripe-mock\s+(\d+\.\d\dx|unavailable \(.+\))/);
    expect(out).toMatch(/via toxiproxy \/ direct \(Stripe simulator\)\s+(\d+\.\d\dx|unavailable \(.+\))/);
  }, 90_000);

  it('refuses what it does not know before starting anything', async () => {
    await expect(bench(['--only', 'nope'])).rejects.toThrow(UsageError);
    await expect(bench(['--cpu-levels', 'lots'])).rejects.toThrow(UsageError);
  });
});
