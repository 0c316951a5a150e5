// `gauntlet contracts verify` as a CI step runs it: a separate process against a provider URL,
// exit 0 when every interaction of every pact passes, 1 with the failing interactions named,
// 2 when the provider does not answer.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAUNTLET_BIN } from '../live/core-child.ts';
import { type LiveSimulator, startLiveSimulator } from '../live/simulators.ts';
import { freeLoopbackPort } from '../toolchain/index.ts';

const run = promisify(execFile);

async function gauntlet(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [GAUNTLET_BIN, ...args], { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI's one JSON line (the verifier also prints its own report to stdout). */
function jsonLine(stdout: string): { ok: boolean; pacts: { provider: string; ok: boolean; interactions: { description: string; ok: boolean; mismatches: string[] }[] }[] } {
  const line = stdout.split('\n').find((l) => l.startsWith('{"provider"'));
  if (!line) throw new Error(`no JSON line in:\n${stdout.slice(-2000)}`);
  return JSON.parse(line);
}

describe('gauntlet contracts verify', () => {
  let sim: LiveSimulator;
  beforeAll(async () => {
    sim = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: 5 });
  });
  afterAll(async () => sim?.stop());

  it('passes a Stripe simulator on the HTTP pact and the webhook message pact', async () => {
    const r = await gauntlet('contracts', 'verify', '--provider', 'stripe', '--base-url', sim.url, '--json');
    const report = jsonLine(r.stdout);
    expect(report.pacts.map((p) => [p.provider, p.ok])).toEqual([['stripe', true], ['stripe-webhooks', true]]);
    expect(r.code).toBe(0);
  }, 120_000);

  it('fails with the broken interactions named when the provider breaks the contract', async () => {
    // Every capture answers 500 from now on: the adapter's capture interactions no longer hold.
    const res = await fetch(`${sim.url}/__gauntlet/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ match: { operation: 'stripe.payment_intents.capture' }, effect: { type: 'error', status: 500 } }] }) });
    expect(res.status).toBe(200);
    const r = await gauntlet('contracts', 'verify', '--provider', 'stripe', '--base-url', sim.url, '--json');
    expect(r.code).toBe(1);
    const failing = jsonLine(r.stdout).pacts.flatMap((p) => p.interactions.filter((i) => !i.ok));
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((i) => /captur/i.test(i.description))).toBe(true);
    expect(failing.flatMap((i) => i.mismatches).join('\n')).toMatch(/500/);
    await fetch(`${sim.url}/__gauntlet/faults`, { method: 'DELETE' });
  }, 120_000);

  it('exits 2 when nothing answers at the URL', async () => {
    const port = await freeLoopbackPort();
    const r = await gauntlet('contracts', 'verify', '--provider', 'adyen', '--base-url', `http://127.0.0.1:${port}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not answer');
  }, 60_000);
});
