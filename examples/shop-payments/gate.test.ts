// The gate against shop-payments, end to end through gate.sh (gauntlet up, the shop as its own
// process, the gate with the shop's driver): the correct shop passes, and each bug switch is
// caught (exit 1) by a drill that reaches it, with the invariant and the payment named.
// Each run verifies the contracts first (~25 s), so the drills are chosen, not the whole library.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface GateRun {
  code: number | null;
  output: string;
  drills: { drill: string; verdict?: string; passed: boolean; violations: { invariant: string; paymentId: string; explanation: string }[] }[];
}

async function gate(bugs: string, drills: string[]): Promise<GateRun> {
  const out = await mkdtemp(join(tmpdir(), 'shop-gate-test-'));
  try {
    const child = spawn('bash', ['examples/shop-payments/gate.sh', '--drills', drills.join(','), '--out', out], { env: { ...process.env, SHOP_BUGS: bugs }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    const report = JSON.parse(await readFile(join(out, 'gate.json'), 'utf8').catch(() => '{"drills":[]}')) as { drills: GateRun['drills'] };
    return { code, output: output.slice(-4000), drills: report.drills };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const SLOW = 240_000;

describe('the gate against shop-payments', () => {
  it('passes the correct shop', async () => {
    const r = await gate('', ['capture-timeout-after-commit', 'refund-timeout-after-commit', 'webhook-forgery', 'decline-mix', 'provider-outage-failover', 'settlement-gap']);
    expect(r.code, r.output).toBe(0);
    // No false alarm, and nothing passed vacuously; what a Stripe-only shop cannot take part in is skipped.
    expect(r.drills.map((d) => [d.drill, d.verdict, d.violations.length])).toEqual([
      ['capture-timeout-after-commit', 'pass', 0],
      ['decline-mix', 'pass', 0],
      ['provider-outage-failover', 'not_applicable', 0],
      ['refund-timeout-after-commit', 'pass', 0],
      ['settlement-gap', 'not_applicable', 0],
      ['webhook-forgery', 'pass', 0],
    ]);
  }, SLOW);

  // Each bug and a drill that reaches it; the invariant it must break.
  const CASES: [bug: string, drill: string, invariant: string][] = [
    ['retry-without-idempotency-key', 'refund-timeout-after-commit', 'no-double-money'],
    ['refund-retry-twice', 'refund-timeout-after-commit', 'no-double-money'],
    ['late-event-regresses', 'webhook-out-of-order', 'legal-history'],
    ['unsigned-webhooks', 'webhook-forgery', 'webhook-integrity'],
    ['decline-as-error', 'decline-mix', 'honest-errors'],
  ];
  for (const [bug, drill, invariant] of CASES) {
    it(`catches ${bug} with ${drill} (${invariant})`, async () => {
      const r = await gate(bug, [drill]);
      expect(r.code, r.output).toBe(1);
      const violations = r.drills.flatMap((d) => d.violations);
      const named = violations.filter((v) => v.invariant === invariant);
      expect(named.length, JSON.stringify(violations.slice(0, 3))).toBeGreaterThan(0);
      // The payment is named by the harness's reference for it (the shop's order id); a forged
      // webhook accepted is named by the event the forgery claimed to be.
      expect(named[0]!.paymentId).toMatch(invariant === 'webhook-integrity' ? /^evt_/ : new RegExp(`^${drill}-`));
    }, SLOW);
  }
});
