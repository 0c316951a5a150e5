// The live world run: real processes and sockets (the world `gauntlet up` starts), a generated
// workload through a driver, and a nemesis of real faults: the simulators' fault plan, Toxiproxy
// toxics on the wire to each simulator and on the webhook path, and SIGKILL + restart of the core.
// Then every fault heals, webhooks drain, the SUT reconciles, and the same checkers judge.
// Not deterministic (real time and scheduling); the history still records everything.
import { seededRandom, type FaultRule, type RandomSource } from '../../simulators/index.ts';
import { checkAll, violationsOf } from '../checker/index.ts';
import type { Violation } from '../checker/types.ts';
import { createMerchantApiDriver, loadDriver } from '../driver/index.ts';
import type { Completion, Driver } from '../driver/types.ts';
import { HistoryRecorder, historyDigest } from '../history/index.ts';
import type { RunRecord } from '../history/types.ts';
import { startLiveWorld, type LiveWorldDescription } from './up.ts';
import { worldControl, type WorldControl } from './world-control.ts';

export interface LiveRunOptions {
  seed: number;
  durationMs: number;
  /** A user's driver module; by default the merchant-API driver against the world's core. */
  driverPath?: string;
  /**
   * A world already running (what `gauntlet up --json` printed, e.g. with --sut-url for the
   * user's own service): the run attaches to it instead of starting one, and leaves it running.
   * The SUT's process is not ours there, so no SIGKILL faults.
   */
  attach?: LiveWorldDescription;
  /** Upper bound on operations, whatever the duration. */
  maxOperations?: number;
  log?: (line: string) => void;
}

export interface LiveRunReport {
  seed: number;
  operations: number;
  lifecycles: number;
  faults: number;
  durationMs: number;
  historyDigest: string;
  violations: Violation[];
}

const PSP_FAULTS: { provider: 'stripe' | 'adyen'; rule: FaultRule }[] = [
  { provider: 'stripe', rule: { match: { operation: 'stripe.payment_intents.capture' }, times: 2, effect: { type: 'timeout_after_commit', hangMs: 0 } } },
  { provider: 'adyen', rule: { match: { operation: 'adyen.payments' }, times: 2, effect: { type: 'error', status: 503 } } },
  { provider: 'stripe', rule: { match: { event: '*' }, times: 3, effect: { type: 'duplicate', copies: 2 } } },
  { provider: 'adyen', rule: { match: { event: '*' }, times: 2, effect: { type: 'bad_signature' } } },
];

export async function runLive(o: LiveRunOptions): Promise<LiveRunReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const owned = o.attach ? undefined : await startLiveWorld({ seed: o.seed, log });
  const world: WorldControl = owned ? worldControl(owned.describe(), { restartSut: async () => void (await owned.restartCore({ signal: 'SIGKILL' })) }) : worldControl(o.attach!);
  if (!world.restartSut) log('the SUT is external: no SIGKILL faults (Gauntlet does not own its process)');
  try {
    const driver: Driver = o.driverPath
      ? await loadDriver(o.driverPath, { baseUrl: world.sutUrl })
      : createMerchantApiDriver({ baseUrl: world.sutUrl, fetch: globalThis.fetch.bind(globalThis), requestTimeoutMs: 10_000 });
    await driver.setup?.();
    const history = new HistoryRecorder(() => Date.now());
    const random = seededRandom(o.seed);
    const payments: Slot[] = [];
    const toxics: { remove(): Promise<void> }[] = [];
    let operations = 0;
    let faults = 0;
    history.phase('safety');
    // The duration is the safety phase's: starting the world (tsx, PGlite, Toxiproxy) is not in it.
    const workloadStarted = Date.now();
    while (Date.now() - workloadStarted < o.durationMs && operations < (o.maxOperations ?? 500)) {
      const roll = random.next();
      if (roll < 0.12) {
        faults += await nemesis(world, history, random, toxics);
        continue;
      }
      operations += 1;
      await operate(driver, history, random, payments);
    }
    await heal(world, history, toxics);
    for (let round = 0; round < 3; round++) {
      await world.flushWebhooks();
      await driver.reconcile?.();
      await new Promise((r) => setTimeout(r, 300));
    }
    history.phase('liveness');
    const final = await driver.list();
    history.phase('final');
    const ledger = await world.ledger();
    const record: RunRecord = { seed: o.seed, history: history.events, ledger, final, livenessBoundMs: 60_000 };
    const violations = violationsOf(checkAll(record));
    await driver.teardown?.();
    return { seed: o.seed, operations, lifecycles: payments.filter((p) => p.id).length, faults, durationMs: Date.now() - started, historyDigest: historyDigest(history.events), violations };
  } finally {
    await owned?.stop();
  }
}

interface Slot {
  reference: string;
  id?: string;
  amount: number;
}

async function operate(driver: Driver, history: HistoryRecorder, random: RandomSource, payments: Slot[]): Promise<void> {
  const known = payments.filter((p) => p.id);
  const roll = random.next();
  const record = (op: 'authorize' | 'capture' | 'refund' | 'void', reference: string, args: Record<string, unknown>, call: () => Promise<Completion>) => history.operation(0, op, reference, args, call);
  if (known.length === 0 || roll < 0.35) {
    const p: Slot = { reference: `live-${payments.length}`, amount: 500 + Math.floor(random.next() * 9_500) };
    payments.push(p);
    const provider = random.next() < 0.5 ? 'stripe' : 'adyen';
    const declined = random.next() < 0.15;
    const args = { reference: p.reference, amount: p.amount, currency: 'EUR', provider, paymentMethod: declined ? 'pm_card_chargeDeclinedInsufficientFunds' : 'pm_card_visa', capture: 'manual', idempotencyKey: `${p.reference}-authorize` } as const;
    const c = await record('authorize', p.reference, args, () => driver.authorize(args));
    if (c.type !== 'info' && 'value' in c && c.value) p.id = c.value.paymentId;
    return;
  }
  const p = known[Math.floor(random.next() * known.length)]!;
  const id = p.id!;
  const key = `${p.reference}-${Math.floor(random.next() * 1e9)}`;
  if (roll < 0.7) await record('capture', p.reference, { paymentId: id, idempotencyKey: key }, () => driver.capture(id, undefined, key));
  else if (roll < 0.93) {
    const amount = Math.max(1, Math.floor(p.amount * (0.2 + random.next() * 0.5)));
    await record('refund', p.reference, { paymentId: id, amount, idempotencyKey: key }, () => driver.refund(id, amount, key));
  } else await record('void', p.reference, { paymentId: id, idempotencyKey: key }, () => driver.void(id, key));
}

/** One real fault, recorded; returns how many were started. */
async function nemesis(world: WorldControl, history: HistoryRecorder, random: RandomSource, toxics: { remove(): Promise<void> }[]): Promise<number> {
  const roll = random.next();
  if (roll < 0.5 || (roll >= 0.85 && !world.restartSut)) {
    const f = PSP_FAULTS[Math.floor(random.next() * PSP_FAULTS.length)]!;
    await world.addPspFault(f.provider, f.rule);
    history.fault('start', `psp:${f.provider}`, `${f.rule.effect.type} on ${f.rule.match?.operation ?? f.rule.match?.event}`, f.rule);
  } else if (roll < 0.85) {
    const name = random.next() < 0.5 ? 'stripe' : 'core_webhooks';
    toxics.push(await world.addToxic(name, { name: `latency_${toxics.length}`, type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 300, jitter: 100 } }));
    history.fault('start', `net:${name}`, 'latency 300±100 ms (Toxiproxy)');
  } else {
    history.fault('start', 'sut', 'SIGKILL the core, restart it on the same database');
    await world.restartSut!();
    history.fault('stop', 'sut', 'core restarted (recovery ran at start)');
  }
  return 1;
}

async function heal(world: WorldControl, history: HistoryRecorder, toxics: { remove(): Promise<void> }[]): Promise<void> {
  history.phase('heal');
  for (const name of await world.clearPspFaults()) history.fault('stop', `psp:${name}`, 'fault plan cleared');
  for (const t of toxics.splice(0)) await t.remove();
  history.fault('stop', 'net:*', 'Toxiproxy toxics removed');
}
