// `gauntlet core` and `gauntlet sim` secrets as a user meets them: off loopback without secrets,
// a refusal naming the flags and variables; on loopback, fresh ones in a private file whose path is
// printed (never the values), gone when the process stops.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from './args.ts';
import { resolveCliSecrets, writeGeneratedSecrets, type SecretSpec } from './secrets.ts';

const BIN = join(import.meta.dirname, '../../bin/gauntlet.js');
const spawned: number[] = [];
afterEach(() => {
  for (const pid of spawned.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** The environment without any GAUNTLET_* secret the developer may have exported. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^GAUNTLET_(STRIPE|ADYEN|CONTROL)_/.test(k)));
}

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
  spawned.push(child.pid!);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err, exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

const SPECS: SecretSpec[] = [
  { name: 'stripeWebhookSecret', flag: '--stripe-webhook-secret', whenMissing: 'generate' },
  { name: 'controlToken', flag: '--control-token', whenMissing: 'open' },
  { name: 'adyenApiKey', flag: '--adyen-api-key', whenMissing: 'optional' },
];

describe('resolveCliSecrets', () => {
  it('takes a flag over the environment, and checks its shape', () => {
    const r = resolveCliSecrets({ command: 'core', host: '0.0.0.0', specs: SPECS, flags: { stripeWebhookSecret: 'whsec_fromflag123' }, env: { GAUNTLET_STRIPE_WEBHOOK_SECRET: 'whsec_fromenv1234', GAUNTLET_CONTROL_TOKEN: 'token-from-env-0123456789' } });
    expect(r).toEqual({ values: { stripeWebhookSecret: 'whsec_fromflag123', controlToken: 'token-from-env-0123456789' }, generated: [] });
    expect(() => resolveCliSecrets({ command: 'core', host: '127.0.0.1', specs: SPECS, flags: { stripeWebhookSecret: 'nope' }, env: {} })).toThrow(/--stripe-webhook-secret: a Stripe signing secret/);
  });

  it('on loopback generates what it may and leaves open what it may', () => {
    const r = resolveCliSecrets({ command: 'core', host: '127.0.0.1', specs: SPECS, flags: {}, env: {} });
    expect(r.generated).toEqual(['stripeWebhookSecret']);
    expect(r.values.stripeWebhookSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(r.values.controlToken).toBeUndefined();
    expect(resolveCliSecrets({ command: 'core', host: '127.0.0.1', specs: SPECS, flags: {}, env: {} }).values.stripeWebhookSecret).not.toBe(r.values.stripeWebhookSecret);
  });

  it('off loopback refuses, naming each missing flag and variable (an optional one is not asked for)', () => {
    const attempt = () => resolveCliSecrets({ command: 'core', host: '0.0.0.0', specs: SPECS, flags: {}, env: {} });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/refusing to listen on 0\.0\.0\.0 without secrets[\s\S]*--stripe-webhook-secret \(or GAUNTLET_STRIPE_WEBHOOK_SECRET[\s\S]*--control-token \(or GAUNTLET_CONTROL_TOKEN/);
    expect(attempt).not.toThrow(/adyen-api-key/);
  });
});

describe('writeGeneratedSecrets', () => {
  it('removes the files of writers that are gone (killed before they could) and keeps a running one\'s', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gauntlet-secrets-test-'));
    try {
      const gone = spawn(process.execPath, ['-e', '']);
      await once(gone, 'exit');
      const leftBehind = `gauntlet-core-secrets-${gone.pid}-AbC123`;
      const running = `gauntlet-sim-secrets-${process.pid}-XyZ789`;
      const unrelated = 'gauntlet-core-secrets-notapid';
      for (const name of [leftBehind, running, unrelated]) {
        mkdirSync(join(tmp, name));
        writeFileSync(join(tmp, name, 'secrets.env'), 'GAUNTLET_STRIPE_API_KEY=x\n');
      }
      const written = await writeGeneratedSecrets('core', { values: { stripeWebhookSecret: 'whsec_0123456789abcdef' }, generated: ['stripeWebhookSecret'] }, { tmp });
      const left = readdirSync(tmp).sort();
      expect(left).not.toContain(leftBehind);
      expect(left).toEqual(expect.arrayContaining([running, unrelated]));
      expect(written!.file.startsWith(join(tmp, `gauntlet-core-secrets-${process.pid}-`))).toBe(true);
      await written!.remove();
      expect(existsSync(written!.file)).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('gauntlet core', () => {
  it('refuses to start on 0.0.0.0 without secrets, with exit code 2 and the flags to pass', async () => {
    const core = run(['core', '--host', '0.0.0.0', '--port', '0', '--stripe-url', 'http://127.0.0.1:9', '--adyen-url', 'http://127.0.0.1:9']);
    const [code] = await core.exited;
    expect(code).toBe(2);
    for (const hint of ['refusing to listen on 0.0.0.0', '--stripe-webhook-secret', 'GAUNTLET_STRIPE_WEBHOOK_SECRET', '--adyen-hmac-key', 'GAUNTLET_ADYEN_HMAC_KEY', '--stripe-api-key', '--adyen-api-key']) expect(core.err()).toContain(hint);
    expect(core.out()).not.toContain('core ready');
  }, 60_000);

  it('on loopback without secrets generates fresh ones into a 0600 file it names (values never printed) and removes it at stop', async () => {
    const core = run(['core', '--port', '0', '--stripe-url', 'http://127.0.0.1:9']);
    const file = await new Promise<string>((resolve, reject) => {
      const poll = setInterval(() => {
        const m = / in (\S+secrets\.env) /.exec(core.err());
        if (m && core.out().includes('core ready')) {
          clearInterval(poll);
          resolve(m[1]!);
        }
        if (core.child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`exited ${core.child.exitCode}: ${core.err()}`));
        }
      }, 50);
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const vars = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(Object.keys(vars).sort()).toEqual(['GAUNTLET_STRIPE_API_KEY', 'GAUNTLET_STRIPE_WEBHOOK_SECRET']);
    expect(vars.GAUNTLET_STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_[0-9a-f]{64}$/);
    for (const value of Object.values(vars)) expect(core.out() + core.err()).not.toContain(value);
    core.child.kill('SIGTERM');
    const [code] = await core.exited;
    expect(code).toBe(0);
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});

describe('gauntlet sim', () => {
  it.each([
    ['stripe', ['--webhook-url', 'http://127.0.0.1:9/hooks'], ['--webhook-secret', 'GAUNTLET_STRIPE_WEBHOOK_SECRET', '--control-token', 'GAUNTLET_CONTROL_TOKEN']],
    ['adyen', [], ['--hmac-key', 'GAUNTLET_ADYEN_HMAC_KEY', '--api-key', 'GAUNTLET_ADYEN_API_KEY', '--control-token']],
  ])('%s refuses to start on 0.0.0.0 without secrets', async (dialect, extra, hints) => {
    const sim = run(['sim', dialect, '--host', '0.0.0.0', '--port', '0', ...extra]);
    const [code] = await sim.exited;
    expect(code).toBe(2);
    for (const hint of hints) expect(sim.err()).toContain(hint);
  }, 30_000);

  it('on 0.0.0.0 with its secrets, serves and requires the control token', async () => {
    const token = 'a-control-token-for-this-test-0123';
    const child = spawn(process.execPath, [BIN, 'sim', 'adyen', '--host', '0.0.0.0', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...cleanEnv(), GAUNTLET_ADYEN_HMAC_KEY: 'AB'.repeat(32), GAUNTLET_ADYEN_API_KEY: 'adyen-key-for-this-test-0123', GAUNTLET_CONTROL_TOKEN: token },
    });
    spawned.push(child.pid!);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /ready http:\/\/0\.0\.0\.0:(\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/__gauntlet/ledger`)).status).toBe(401);
    expect((await fetch(`${base}/__gauntlet/ledger`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // Its Checkout API takes only its own key.
    expect((await fetch(`${base}/v71/payments`, { method: 'POST', headers: { 'x-api-key': 'someone-else', 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    child.kill('SIGTERM');
    await once(child, 'exit');
  }, 30_000);
});
