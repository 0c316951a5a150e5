// `--json` means stdout is one JSON document: `gauntlet … --json | jq` must work even when a
// library prints to file descriptor 1 itself (pact-core's verifier, native code, does during
// contract verification). bin/gauntlet.js runs the verb in a child for that; this runs the real
// entry as a user would and parses all of stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveSimulator, type LiveSimulator } from '../live/simulators.ts';

const BIN = fileURLToPath(new URL('../../bin/gauntlet.js', import.meta.url));

const NOISE = new URL('./stdout-noise.fixture.mjs', import.meta.url).href;

function gauntlet(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('--json', () => {
  let stripe: LiveSimulator;
  beforeAll(async () => {
    stripe = await startLiveSimulator({ dialect: 'stripe', port: 0, seed: 5 });
  });
  afterAll(async () => {
    await stripe?.stop();
  });

  it('contract verification prints only its JSON on stdout; pact-core’s own output goes elsewhere', async () => {
    const r = await gauntlet(['contracts', 'verify', '--provider', 'stripe', '--base-url', stripe.url, '--json']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const parsed = JSON.parse(r.stdout) as unknown;
    expect(JSON.stringify(parsed).length).toBeGreaterThan(100);
    // The verifier did print: it is just not on stdout.
    expect(r.stdout).not.toMatch(/Verifying a pact between|pact-core@/);
  }, 180_000);

  it('what a library writes to process.stdout from JavaScript while the verb runs goes to stderr, not into the JSON', async () => {
    const r = await gauntlet(['contracts', 'verify', '--provider', 'stripe', '--base-url', stripe.url, '--json'], { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${NOISE}` });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
    expect(r.stderr).toContain('a library logging to stdout');
  }, 180_000);

  it('a failed verification is still one JSON document on stdout, with exit 1', async () => {
    // The Stripe pacts against a server that is not Stripe's simulator: every interaction fails.
    const adyen = await startLiveSimulator({ dialect: 'adyen', port: 0, seed: 5 });
    try {
      const r = await gauntlet(['contracts', 'verify', '--provider', 'stripe', '--base-url', adyen.url, '--json']);
      expect(r.code, r.stderr.slice(-2000)).toBe(1);
      const parsed = JSON.parse(r.stdout) as { ok: boolean };
      expect(parsed.ok).toBe(false);
    } finally {
      await adyen.stop();
    }
  }, 180_000);

  it('a verb’s usage error still exits 2 with the message on stderr and nothing on stdout', async () => {
    const r = await gauntlet(['gate', '--seed', '-1', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--seed must be an integer/);
  }, 60_000);
});
