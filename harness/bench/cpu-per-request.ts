// The Stripe simulator's CPU per request as it fills up: one simulator is filled to each level
// of PaymentIntents in process (real create+confirm requests through its app), then vegeta
// drives it over HTTP and the CPU it spent is divided by the requests it answered. Flat is the
// goal: a store that gets slower as it grows (an O(n) eviction, a scan) shows as a rising line.
// The levels are measured minutes apart on a shared machine, so each is measured in turns with an
// empty simulator (turns.ts), emptied again before every level: the flatness figure is the
// filled one's CPU over the empty one's, level against level, both seen under the same load.
import { serveSimulator } from '../../simulators/index.ts';
import { ownCpuMs } from './cpu.ts';
import { freshStripeSimulator, measureOwn, STRIPE_CREATE_CONFIRM_BODY, stripeTarget } from './simulator-bench.ts';
import { inTurns, type TurnOptions } from './turns.ts';

export interface CpuLevel {
  /** PaymentIntents in the simulator when the measured run started. */
  intents: number;
  requests: number;
  throughput: number;
  cpuMsPerRequest: number;
  /** CPU per request of an empty simulator measured in turns with this level: the load it saw. */
  emptyCpuMsPerRequest: number;
  /** In-process CPU per create+confirm while filling up to this level (no HTTP), when it filled. */
  fillCpuMsPerRequest?: number;
}

export interface CpuBenchResult {
  levels: CpuLevel[];
  /**
   * The last level's CPU per request over the first's, each first divided by the empty
   * simulator's measured in the same turns (so the machine's load drops out): 1.0 is flat.
   */
  lastOverFirst: number;
}

export const DEFAULT_CPU_LEVELS = [0, 50_000, 100_000] as const;
const MIN_WARM_UP_SECONDS = 2;

export async function benchCpuPerRequest(options: TurnOptions & { levels?: readonly number[] }): Promise<CpuBenchResult> {
  const levels = [...(options.levels ?? DEFAULT_CPU_LEVELS)].sort((a, b) => a - b);
  const sim = freshStripeSimulator(7);
  const server = await serveSimulator(sim);
  const empty = freshStripeSimulator(9);
  const emptyServer = await serveSimulator(empty);
  let intents = 0;
  const out: CpuLevel[] = [];
  try {
    // Warmed up on the servers measured, for two levels' time, then emptied (reset): a fresh
    // process's first seconds cost 1.5-3x per request at any fill level (the optimising compiler's
    // background work is this process's CPU too), which made the first level look like a falling
    // line.
    const warm = { ...options, durationSeconds: Math.max(MIN_WARM_UP_SECONDS, options.durationSeconds) };
    await measureOwn(stripeTarget(server.url), warm);
    await measureOwn(stripeTarget(emptyServer.url), warm);
    sim.reset();
    for (const level of levels) {
      const fill = await fillTo(sim, intents, level);
      intents = level > intents ? level : intents;
      empty.reset();
      const m = await inTurns(
        [
          { name: 'filled', target: stripeTarget(server.url), cpuMs: ownCpuMs },
          { name: 'empty', target: stripeTarget(emptyServer.url), cpuMs: ownCpuMs },
        ],
        { ...options, warmUpSeconds: 0 },
      );
      const run = m.get('filled')!;
      const ref = m.get('empty')!;
      if (run.cpuMsPerRequest === undefined || ref.cpuMsPerRequest === undefined) throw new Error(`no request answered at ${intents} intents (${[...run.errors, ...ref.errors].join('; ')})`);
      out.push({
        intents,
        requests: run.requests,
        throughput: run.throughput,
        cpuMsPerRequest: run.cpuMsPerRequest,
        emptyCpuMsPerRequest: ref.cpuMsPerRequest,
        ...(fill !== undefined ? { fillCpuMsPerRequest: fill } : {}),
      });
      // Every 200 the attack got made one more PaymentIntent.
      intents += run.statusCodes['200'] ?? 0;
    }
  } finally {
    await server.close();
    await emptyServer.close();
  }
  const relative = (l: CpuLevel) => l.cpuMsPerRequest / l.emptyCpuMsPerRequest;
  return { levels: out, lastOverFirst: relative(out.at(-1)!) / relative(out[0]!) };
}

/** Creates and confirms PaymentIntents in process until there are `level`; CPU per one, if any. */
async function fillTo(sim: ReturnType<typeof freshStripeSimulator>, have: number, level: number): Promise<number | undefined> {
  if (level <= have) return undefined;
  // A declared Content-Length, as a client on the wire sends, so the fill takes the same path.
  const headers = {
    authorization: 'Bearer sk_test_bench',
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(STRIPE_CREATE_CONFIRM_BODY)),
  };
  const start = ownCpuMs();
  for (let i = have; i < level; i++) {
    // Each with a key of its own, as on the wire: the idempotency store fills up too.
    const res = await sim.app.fetch(new Request('http://stripe.bench/v1/payment_intents', { method: 'POST', headers: { ...headers, 'idempotency-key': `fill-${i}` }, body: STRIPE_CREATE_CONFIRM_BODY }));
    if (res.status !== 200) throw new Error(`filling the Stripe simulator: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  return (ownCpuMs() - start) / (level - have);
}
