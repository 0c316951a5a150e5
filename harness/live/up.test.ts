// The live world for real: simulators, a real toxiproxy-server in every path, the core as its own
// process. Traffic really crosses the proxies (the core's provider URLs are the proxies, breaking a
// proxy breaks the path), toxics act on it, and stop() leaves no process and no port behind.
// No timing assertions: the machine's speed is not what is tested.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GAUNTLET_BIN } from './core-child.ts';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { adyenHmacSignature } from '../../spec/index.ts';
import { checkSecretShape } from './secrets.ts';
import { type LiveWorld, type LiveWorldDescription, startLiveWorld } from './up.ts';
import { parseWorldDescription } from './world-control.ts';
import { childPids, commandLine, eventually, getJson, isAlive, ledger, portIsFree, portOf, post, type PaymentView, within } from './test-support.ts';

const URL_RE = /^http:\/\/127\.0\.0\.1:[1-9]\d*$/;

/**
 * The secrets Gauntlet once committed as defaults (Stripe's a made-up whsec_, Adyen's the sample
 * key from Adyen's documentation): anyone could sign with them. Kept here only to forge with.
 */
const OLD_PUBLIC_STRIPE_SECRET = 'whsec_gauntlet_local_test_only';
const OLD_PUBLIC_ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

/** The control API's header in a world (every live world has a token). */
const control = (d: LiveWorldDescription) => ({ authorization: `Bearer ${d.control!.token}` });

function createPayment(world: LiveWorld, fields: Record<string, unknown> = {}) {
  return post<PaymentView>(
    `${world.coreUrl}/v1/payments`,
    { amount: 2500, currency: 'usd', provider: 'stripe', paymentMethod: 'pm_card_visa', capture: 'automatic', reference: `up-${randomUUID()}`, ...fields },
    randomUUID(),
  );
}

async function webhooksAccepted(world: LiveWorld, provider: string): Promise<number> {
  const text = await (await fetch(`${world.coreUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`gauntlet_webhooks_received_total{provider="${provider}",verdict="accepted"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('startLiveWorld', () => {
  let world: LiveWorld;
  let description: LiveWorldDescription;

  beforeAll(async () => {
    world = await startLiveWorld({ seed: 4242, simulatorPorts: 'ephemeral' });
    description = world.describe();
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('describes itself as the JSON `gauntlet up --json` prints', () => {
    expect(description).toEqual({
      core: expect.stringMatching(URL_RE),
      simulators: { stripe: expect.stringMatching(URL_RE), adyen: expect.stringMatching(URL_RE) },
      toxiproxy: {
        api: expect.stringMatching(URL_RE),
        proxies: {
          stripe: { listen: expect.stringMatching(URL_RE), upstream: description.simulators.stripe },
          adyen: { listen: expect.stringMatching(URL_RE), upstream: description.simulators.adyen },
          core_webhooks: { listen: expect.stringMatching(URL_RE), upstream: description.core },
        },
      },
      // The reference core's paths and this world's fresh secrets, through the webhook proxy.
      webhooks: {
        stripe: { url: `${description.toxiproxy.proxies.core_webhooks.listen}/v1/webhooks/stripe`, secret: world.secrets.stripe.webhookSecret },
        adyen: { url: `${description.toxiproxy.proxies.core_webhooks.listen}/v1/webhooks/adyen`, hmacKey: world.secrets.adyen.hmacKey },
      },
      apiKeys: { stripe: world.secrets.stripe.apiKey, adyen: world.secrets.adyen.apiKey },
      control: { token: world.secrets.controlToken },
    });
    expect(checkSecretShape('stripeWebhookSecret', world.secrets.stripe.webhookSecret)).toBeUndefined();
    expect(checkSecretShape('adyenHmacKey', world.secrets.adyen.hmacKey)).toBeUndefined();
    expect(world.secrets.stripe.webhookSecret).not.toBe(OLD_PUBLIC_STRIPE_SECRET);
    expect(world.secrets.adyen.hmacKey).not.toBe(OLD_PUBLIC_ADYEN_HMAC_KEY);
    expect(world.core!.pid).toBeGreaterThan(0);
    expect(world.toxiproxy.pid).toBeGreaterThan(0);
  });

  it('wires every path through Toxiproxy: the API lists the proxies, the core and the simulators point at them', async () => {
    const listed = await world.toxiproxyClient.getAll();
    expect(Object.keys(listed).sort()).toEqual(['adyen', 'core_webhooks', 'stripe']);
    for (const [name, p] of Object.entries(description.toxiproxy.proxies)) {
      expect(`http://${listed[name]!.listen}`).toBe(p.listen);
      expect(`http://${listed[name]!.upstream}`).toBe(p.upstream);
      expect(listed[name]!.enabled).toBe(true);
    }
    // The core process was told to reach the PSPs through the proxies, not the simulators.
    const argv = await commandLine(world.core!.pid);
    expect(argv[argv.indexOf('--stripe-url') + 1]).toBe(description.toxiproxy.proxies.stripe.listen);
    expect(argv[argv.indexOf('--adyen-url') + 1]).toBe(description.toxiproxy.proxies.adyen.listen);
    // The simulators send webhooks to the core through the core_webhooks proxy.
    for (const dialect of ['stripe', 'adyen'] as const) {
      const hooks = await getJson<{ endpoints: { url: string }[] }>(`${description.simulators[dialect]}/__gauntlet/webhooks`, 10_000, control(description));
      expect(hooks.endpoints.map((e) => e.url)).toEqual([`${description.toxiproxy.proxies.core_webhooks.listen}/v1/webhooks/${dialect}`]);
    }
  });

  it('creates a payment through the core that reaches the simulator through its proxy', async () => {
    for (const provider of ['stripe', 'adyen'] as const) {
      const created = await createPayment(world, { provider });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'captured', provider, amounts: { authorized: 2500, captured: 2500 } });
      const moved = await ledger(description.simulators[provider], created.body.providerPaymentId!, description.control!.token);
      expect(moved.map((m) => [m.kind, m.amount])).toEqual([
        ['authorization', 2500],
        ['capture', 2500],
      ]);
    }
  });

  it('still succeeds under a latency toxic on the stripe proxy', async () => {
    const toxic = await world.proxies.stripe.addToxic({ name: 'slow_psp', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 20 } });
    try {
      expect((await world.toxiproxyClient.get('stripe')).toJson().name).toBe('stripe');
      const listed = await world.proxies.stripe.getToxic<{ latency: number }>('slow_psp');
      expect(listed.attributes.latency).toBe(150);
      const created = await createPayment(world);
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('captured');
    } finally {
      await toxic.remove();
    }
  });

  it('reports a payment honestly as unknown while the stripe proxy is down, and reconciliation resolves it once healed', async () => {
    const proxy = world.proxies.stripe;
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    const ledgerBefore = await ledger(description.simulators.stripe, undefined, description.control!.token);
    let created;
    try {
      expect((await world.toxiproxyClient.get('stripe')).enabled).toBe(false);
      created = await createPayment(world, { amount: 3100 });
    } finally {
      await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    }
    // Every fetch failure is indeterminate to the core (it cannot know the PSP saw nothing), so the
    // authorization is `unknown`, never `failed` and never `authorized`.
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('unknown');
    expect(created.body.providerPaymentId).toBeNull();
    expect(created.body.operations).toEqual([expect.objectContaining({ kind: 'authorize', status: 'unknown' })]);
    expect(await ledger(description.simulators.stripe, undefined, description.control!.token)).toEqual(ledgerBefore); // nothing reached the PSP

    const run = await post<{ resolved: { examined: number; resolved: number; stillOpen: number } }>(`${world.coreUrl}/v1/reconciliation/run`, {});
    expect(run.status).toBe(200);
    expect(run.body.resolved.resolved).toBeGreaterThanOrEqual(1);
    const after = await getJson<PaymentView>(`${world.coreUrl}/v1/payments/${created.body.id}`);
    expect(after).toMatchObject({ status: 'captured', amounts: { authorized: 3100, captured: 3100 } });
    expect(after.history.map((h) => [h.to, h.cause])).toContainEqual(['captured', 'reconciliation']);
    // Re-sent with the same provider key: the money moved once.
    const moved = await ledger(description.simulators.stripe, after.providerPaymentId!, description.control!.token);
    expect(moved.map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it('receives webhooks through the core_webhooks proxy, and none while it is down', async () => {
    const hooks = world.proxies.core_webhooks;
    await eventually('earlier webhooks counted', async () => ((await webhooksAccepted(world, 'stripe')) > 0 ? true : undefined));
    // Down: the simulator's deliveries fail, the core sees none.
    const failedAttempts = async () => {
      const w = await getJson<{ deliveries: { attempts: { error?: string }[] }[] }>(`${description.simulators.stripe}/__gauntlet/webhooks`, 10_000, control(description));
      return w.deliveries.flatMap((d) => d.attempts).filter((a) => a.error !== undefined).length;
    };
    const failedBefore = await failedAttempts();
    await hooks.update({ enabled: false, listen: hooks.listen, upstream: hooks.upstream });
    let before: number;
    try {
      before = await webhooksAccepted(world, 'stripe');
      const created = await createPayment(world);
      expect(created.body.status).toBe('captured');
      await eventually('a failed delivery attempt at the simulator', async () => ((await failedAttempts()) > failedBefore ? true : undefined));
      expect(await webhooksAccepted(world, 'stripe')).toBe(before);
    } finally {
      await hooks.update({ enabled: true, listen: hooks.listen, upstream: hooks.upstream });
    }
    // Healed: the simulator's retries get through.
    await eventually('retried webhooks accepted by the core', async () => ((await webhooksAccepted(world, 'stripe')) > before ? true : undefined), { timeoutMs: 20_000 });
  });

  it('restarts the core on the same port and database', async () => {
    const created = await createPayment(world, { amount: 777 });
    expect(created.status).toBe(201);
    const oldPid = world.core!.pid;
    const exit = await world.killCore();
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(oldPid)).toBe(false);
    const core = await world.restartCore();
    expect(core.pid).not.toBe(oldPid);
    expect(core.url).toBe(description.core);
    const view = await getJson<PaymentView>(`${world.coreUrl}/v1/payments/${created.body.id}`);
    expect(view).toMatchObject({ status: 'captured', amounts: { captured: 777 } });
    // The restarted core mints new ids, not the ones its first life minted (the seed moves on).
    const next = await createPayment(world, { amount: 778 });
    expect(next.status).toBe(201);
  });

  it('its control API refuses a call without the world\'s bearer token, or with a wrong one', async () => {
    for (const dialect of ['stripe', 'adyen'] as const) {
      const url = `${description.simulators[dialect]}/__gauntlet/ledger`;
      const missing = await fetch(url);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/Bearer/);
      expect((await fetch(url, { headers: { authorization: `Bearer ${description.control!.token}x` } })).status).toBe(401);
      // Spelled otherwise, the router still reaches the control API: so does the check.
      expect((await fetch(`${description.simulators[dialect]}/%5F%5Fgauntlet/ledger`)).status).toBe(401);
      expect((await fetch(`${description.simulators[dialect]}/__gauntlet/faults`, { method: 'DELETE' })).status).toBe(401);
      expect((await fetch(url, { headers: control(description) })).status).toBe(200);
    }
  });

  it('refuses forged webhooks signed with the once-committed public secrets (the same, signed with this world\'s, pass)', async () => {
    const created = await createPayment(world, { capture: 'manual', amount: 4100 });
    expect(created.body.status).toBe('authorized');
    const pi = created.body.providerPaymentId!;
    const now = Math.floor(Date.now() / 1000);
    const stripeEvent = (id: string) =>
      JSON.stringify({
        id,
        object: 'event',
        type: 'payment_intent.succeeded',
        api_version: '2024-06-20',
        created: now,
        livemode: false,
        data: { object: { id: pi, object: 'payment_intent', amount: 4100, amount_received: 4100, amount_capturable: 0, currency: 'usd', status: 'succeeded', capture_method: 'manual', metadata: {} } },
      });
    const postStripe = (body: string, secret: string) =>
      fetch(`${world.coreUrl}/v1/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) }, body });
    const forged = await postStripe(stripeEvent('evt_forged_public_key'), OLD_PUBLIC_STRIPE_SECRET);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/signature/i);

    const adyenCreated = await createPayment(world, { provider: 'adyen', capture: 'manual', amount: 4200, currency: 'eur' });
    expect(adyenCreated.body.status).toBe('authorized');
    const adyenItem = (key: string) => {
      const item = {
        pspReference: `CAPTUREFORGED${Date.now()}`,
        originalReference: adyenCreated.body.providerPaymentId!,
        merchantAccountCode: 'GauntletCore',
        merchantReference: adyenCreated.body.reference,
        amount: { value: 4200, currency: 'EUR' },
        eventCode: 'CAPTURE',
        success: 'true',
        eventDate: new Date().toISOString(),
      };
      // Adyen's HMAC over the eight fields (docs.adyen.com "Verify HMAC signatures"), spec's signer.
      const hmacSignature = adyenHmacSignature(item, key);
      return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }] });
    };
    const postAdyen = (body: string) => fetch(`${world.coreUrl}/v1/webhooks/adyen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const adyenForged = await postAdyen(adyenItem(OLD_PUBLIC_ADYEN_HMAC_KEY));
    expect(adyenForged.status).toBeGreaterThanOrEqual(400);
    expect(adyenForged.status).toBeLessThan(500);

    // Whatever the core's pump does next, the forgeries moved nothing in its view.
    await new Promise((r) => setTimeout(r, 500));
    expect((await getJson<PaymentView>(`${world.coreUrl}/v1/payments/${created.body.id}`)).status).toBe('authorized');
    expect((await getJson<PaymentView>(`${world.coreUrl}/v1/payments/${adyenCreated.body.id}`)).status).toBe('authorized');

    // The test can fail: the same bodies under this world's secrets are taken.
    expect((await postStripe(stripeEvent('evt_signed_with_world_secret'), world.secrets.stripe.webhookSecret)).status).toBe(200);
    expect((await postAdyen(adyenItem(world.secrets.adyen.hmacKey))).status).toBe(200);
  });

  it('stop() ends the core and toxiproxy and frees every port', async () => {
    const corePid = world.core!.pid;
    const toxiproxyPid = world.toxiproxy.pid!;
    const db = world.database;
    const ports = [
      description.core,
      description.toxiproxy.api,
      ...Object.values(description.simulators),
      ...Object.values(description.toxiproxy.proxies).map((p) => p.listen),
    ].map(portOf);
    await world.stop();
    expect(isAlive(corePid)).toBe(false);
    expect(isAlive(toxiproxyPid)).toBe(false);
    for (const port of ports) expect(await portIsFree(port), `port ${port}`).toBe(true);
    if (db.kind === 'pglite') expect(existsSync(db.dir)).toBe(false);
    await world.stop(); // twice is fine
  });
});

function withoutDatabaseUrl(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
}

describe('gauntlet up (the CLI)', () => {
  const spawned: number[] = [];
  afterEach(() => {
    for (const pid of spawned.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('prints one JSON line, serves, and on SIGTERM exits 0 leaving no process and no port behind', async () => {
    const child = spawn(process.execPath, [GAUNTLET_BIN, 'up', '--json', '--seed', '99'], { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(child.pid!);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await eventually('the JSON line', async () => {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
      return out.includes('\n') ? true : undefined;
    }, { timeoutMs: 45_000 });
    const world = JSON.parse(out) as LiveWorldDescription;
    // What `up` prints is what the world file schema reads back, field for field (nothing dropped).
    expect(parseWorldDescription(out, 'gauntlet up --json', {})).toEqual(world);
    expect(Object.keys(world).sort()).toEqual(['apiKeys', 'control', 'core', 'simulators', 'toxiproxy', 'webhooks']);
    // Fresh secrets in every world file: none of another world's, none of the once-public ones.
    const other = await startLiveWorld({ seed: 99, simulatorPorts: 'ephemeral' }).then(async (w) => {
      try {
        return w.describe();
      } finally {
        await w.stop();
      }
    });
    const secretsOf = (d: LiveWorldDescription) => [d.webhooks!.stripe.secret, d.webhooks!.adyen.hmacKey, d.apiKeys!.stripe, d.apiKeys!.adyen, d.control!.token];
    for (const [i, secret] of secretsOf(world).entries()) {
      expect(secret).not.toBe(secretsOf(other)[i]);
      expect([OLD_PUBLIC_STRIPE_SECRET, OLD_PUBLIC_ADYEN_HMAC_KEY, 'gauntlet_local_test_key']).not.toContain(secret);
    }
    // Secrets reach the core in its environment, never on its command line (ps shows that to all).
    expect(Object.keys(world.toxiproxy.proxies).sort()).toEqual(['adyen', 'core_webhooks', 'stripe']);
    // The long-lived children are toxiproxy-server and the core. Short-lived probes (a tool's
    // --version, docker info) may come and go meanwhile, and on a loaded machine they linger:
    // wait until both long-lived ones are there, and judge those.
    const kids = await eventually('toxiproxy-server and the core as children', async () => {
      const found: number[] = [];
      for (const pid of await childPids(child.pid!)) {
        const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').then((c) => c.split('\0').join(' '), () => '');
        if (cmd.includes('toxiproxy-server') || cmd.includes('gauntlet.js core')) found.push(pid);
      }
      return found.length === 2 ? found : undefined;
    }, { timeoutMs: 20_000 });
    spawned.push(...kids);
    const commands = await Promise.all(kids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').then((c) => c.split('\0').join(' '))));
    expect(commands.some((c) => c.includes('toxiproxy-server'))).toBe(true);
    expect(commands.some((c) => c.includes('gauntlet.js core'))).toBe(true);
    for (const c of commands) for (const secret of secretsOf(world)) expect(c).not.toContain(secret);

    const created = await post<PaymentView>(
      `${world.core}/v1/payments`,
      { amount: 1234, currency: 'eur', provider: 'adyen', paymentMethod: 'pm_card_visa', reference: 'cli-up' },
      randomUUID(),
    );
    expect(created.body).toMatchObject({ status: 'captured', amounts: { captured: 1234 } });

    child.kill('SIGTERM');
    const [code, signal] = await within(exited, 30_000, 'gauntlet up exiting after SIGTERM');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out.trim().split('\n')).toHaveLength(1);
    for (const pid of kids) expect(isAlive(pid), `child ${pid}`).toBe(false);
    const ports = [world.core, world.toxiproxy.api, ...Object.values(world.simulators), ...Object.values(world.toxiproxy.proxies).map((p) => p.listen)].map(portOf);
    for (const port of ports) expect(await portIsFree(port), `port ${port}`).toBe(true);
  }, 90_000);

  it('exits non-zero with the core’s stderr when the core dies during start-up', async () => {
    // An unusable PGlite directory: the core cannot open its database and exits before /healthz.
    const child = spawn(process.execPath, [GAUNTLET_BIN, 'up', '--db', '/proc/version/not-a-dir'], { stdio: ['ignore', 'pipe', 'pipe'], env: withoutDatabaseUrl() });
    spawned.push(child.pid!);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const kidsSeen = new Set<number>();
    const poll = setInterval(() => void childPids(child.pid!).then((k) => k.forEach((p) => kidsSeen.add(p))), 50);
    try {
      const [code] = (await within(once(child, 'exit'), 45_000, 'gauntlet up exiting')) as [number | null];
      expect(code).toBe(1);
    } finally {
      clearInterval(poll);
    }
    expect(err).toContain('the live world did not start');
    expect(err).toMatch(/exited \(code \d+\) before answering GET \/healthz/);
    expect(err).toContain('--- core stderr ---');
    for (const pid of kidsSeen) expect(isAlive(pid), `child ${pid}`).toBe(false);
  }, 60_000);
});

describe('startLiveWorld with an external SUT: per-provider webhook paths and secrets', () => {
  it('sends the webhooks to the SUT\'s own path, through the core_webhooks proxy, signed with the given secret', async () => {
    // A stand-in for the user's service: it only records what arrives (the SUT here is not under test).
    const received: { path: string; signature: string; body: string }[] = [];
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', signature: String(req.headers['stripe-signature'] ?? ''), body });
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const sutUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const secret = 'whsec_custom_for_this_test';
    const world = await startLiveWorld({ seed: 11, simulatorPorts: 'ephemeral', sutUrl, webhookPaths: { stripe: '/hooks/stripe' }, webhookSecrets: { stripe: secret } });
    try {
      const d = world.describe();
      expect(d.webhooks).toEqual({
        stripe: { url: `${d.toxiproxy.proxies.core_webhooks.listen}/hooks/stripe`, secret },
        adyen: { url: `${d.toxiproxy.proxies.core_webhooks.listen}/v1/webhooks/adyen`, hmacKey: world.secrets.adyen.hmacKey },
      });
      expect(d.toxiproxy.proxies.core_webhooks.upstream).toBe(sutUrl);
      const hooks = await getJson<{ endpoints: { url: string }[] }>(`${d.simulators.stripe}/__gauntlet/webhooks`, 10_000, control(d));
      expect(hooks.endpoints.map((e) => e.url)).toEqual([`${d.toxiproxy.proxies.core_webhooks.listen}/hooks/stripe`]);

      // A PaymentIntent through the stripe proxy; its events arrive at /hooks/stripe, verifiable with the secret.
      const stripe = new Stripe('sk_test_up', { host: '127.0.0.1', port: portOf(d.toxiproxy.proxies.stripe.listen), protocol: 'http' });
      await stripe.paymentIntents.create({ amount: 1200, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
      const first = await eventually('a webhook at the SUT', async () => received[0]);
      expect(first.path).toBe('/hooks/stripe');
      expect(Stripe.webhooks.constructEvent(first.body, first.signature, secret).type).toMatch(/^(payment_intent|charge)\./);
      expect(() => Stripe.webhooks.constructEvent(first.body, first.signature, OLD_PUBLIC_STRIPE_SECRET)).toThrow();

      // The path crosses the proxy: with it down, nothing more arrives.
      // Every earlier delivery settles first (disabled at once, the PaymentIntent's other events
      // would wait in the retry queue, which never empties while the path is down).
      await eventually('earlier deliveries settled', async () => ((await getJson<{ summary: { queued: number } }>(`${d.simulators.stripe}/__gauntlet/webhooks`, 10_000, control(d))).summary.queued === 0 ? true : undefined));
      const proxy = world.proxies.core_webhooks;
      await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
      try {
        const before = received.length;
        await stripe.paymentIntents.create({ amount: 1300, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
        await new Promise((r) => setTimeout(r, 500));
        expect(received.length).toBe(before);
      } finally {
        await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
      }
    } finally {
      await world.stop();
      await new Promise((r) => receiver.close(r));
    }
  }, 60_000);

  it('refuses webhook paths and secrets when the reference core is the SUT', async () => {
    await expect(startLiveWorld({ simulatorPorts: 'ephemeral', webhookPaths: { stripe: '/hooks/stripe' } })).rejects.toThrow(/external SUT/);
  });
});
