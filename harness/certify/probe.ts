// What a capability check holds in its hands: one fresh simulation world with the team's adapter
// inside the reference core, driven through the core's merchant API (the way a merchant would),
// and judged by the simulator's ledger (what money the PSP moved) and the core's own view.
// Every call runs while virtual time passes, so latency, timeouts, retries and backoff happen.
import type { Store, PaymentView, ProviderName } from '../../core/index.ts';
import type { Delivery, FaultRule, Movement } from '../../simulators/index.ts';
import { buildSimWorld, ORIGINS, type SimWorld } from '../worlds/sim-world.ts';
import type { AdapterFactory } from '../worlds/adapter-env.ts';

/** One merchant API answer: the HTTP status, and the payment or the error it carried. */
export interface Answer {
  status: number;
  payment?: PaymentView;
  error?: { type: string; code: string; message: string };
  /** Virtual milliseconds between request and answer. */
  tookMs: number;
}

export interface Probe {
  readonly dialect: ProviderName;
  /** A payment through POST /v1/payments, on this dialect, with a fresh Idempotency-Key. */
  pay(o: { reference: string; amount: number; capture: 'manual' | 'automatic'; paymentMethod?: string }): Promise<Answer>;
  capture(paymentId: string, amount?: number): Promise<Answer>;
  refund(paymentId: string, amount?: number): Promise<Answer>;
  void(paymentId: string): Promise<Answer>;
  get(paymentId: string): Promise<PaymentView>;
  /** Delivers the webhooks due now (first attempts), and lets the core apply them. */
  deliverDue(): Promise<void>;
  /** Delivers every pending webhook, retries included, and lets the core apply them. No reconciliation. */
  settle(): Promise<void>;
  /** settle(), then the core's reconciliation (open operations re-sent with their keys), then settle() again. */
  reconcile(): Promise<void>;
  /** Replaces the dialect simulator's fault plan. */
  faults(rules: FaultRule[]): void;
  /** The PSP still executes every request, but no answer comes back to the core (until heal). */
  loseAnswers(): void;
  heal(): void;
  /** The dialect simulator's ledger movements for one PSP payment. */
  ledger(providerPaymentId: string | null): Movement[];
  /** Every webhook delivery the dialect simulator made or still holds. */
  deliveries(): readonly Delivery[];
  /** The core's count of received webhooks of this dialect by verdict (GET /metrics). */
  webhookVerdicts(): Promise<Record<string, number>>;
}

export async function openProbe(o: { seed: number; store: Store; dialect: ProviderName; factory: AdapterFactory }): Promise<Probe> {
  const w = await buildSimWorld({ seed: o.seed, store: o.store, adapterFactories: { [o.dialect]: o.factory } });
  const sim = w.sims[o.dialect];
  let keys = 0;

  const send = (method: string, path: string, body?: unknown): Promise<Answer> =>
    w.whileTimePasses(async () => {
      const started = w.clock.now();
      const res = await w.network.fetch(`${ORIGINS.core}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(method === 'POST' ? { 'idempotency-key': `certify-${(keys += 1)}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const tookMs = w.clock.now() - started;
      const parsed = parseJson(text) as (PaymentView & { error?: Answer['error'] }) | undefined;
      if (parsed?.error) return { status: res.status, error: parsed.error, tookMs };
      if (res.status < 300 && parsed) return { status: res.status, payment: parsed, tookMs };
      return { status: res.status, error: { type: 'unknown', code: `http_${res.status}`, message: text.slice(0, 200) }, tookMs };
    });

  const id = (paymentId: string) => `/v1/payments/${encodeURIComponent(paymentId)}`;
  const flush = async (world: SimWorld) => {
    await world.sims.stripe.kernel.webhooks.flush();
    await world.sims.adyen.kernel.webhooks.flush();
    await world.core.inbox.drain();
  };

  return {
    dialect: o.dialect,
    pay: (p) => send('POST', '/v1/payments', { amount: p.amount, currency: 'EUR', provider: o.dialect, paymentMethod: p.paymentMethod ?? 'pm_card_visa', capture: p.capture, reference: p.reference }),
    capture: (paymentId, amount) => send('POST', `${id(paymentId)}/captures`, amount === undefined ? {} : { amount }),
    refund: (paymentId, amount) => send('POST', `${id(paymentId)}/refunds`, amount === undefined ? {} : { amount }),
    void: (paymentId) => send('POST', `${id(paymentId)}/void`),
    async get(paymentId) {
      const a = await send('GET', id(paymentId));
      if (!a.payment) throw new Error(`GET ${id(paymentId)} answered ${a.status}: ${a.error?.message ?? ''}`);
      return a.payment;
    },
    deliverDue: () => w.deliverDue(),
    settle: () => w.whileTimePasses(() => flush(w)),
    async reconcile() {
      await w.whileTimePasses(async () => {
        await flush(w);
        await w.driver.reconcile?.();
        await flush(w);
      });
    },
    faults: (rules) => sim.kernel.faults.set({ rules }),
    loseAnswers: () => w.network.set(ORIGINS[o.dialect], { type: 'drop_response' }),
    heal: () => w.network.heal(ORIGINS[o.dialect]),
    ledger: (providerPaymentId) => (providerPaymentId ? sim.kernel.ledger.forPayment(providerPaymentId) : []),
    deliveries: () => sim.kernel.webhooks.list(),
    async webhookVerdicts() {
      const text = await w.whileTimePasses(async () => (await w.network.fetch(`${ORIGINS.core}/metrics`)).text());
      const out: Record<string, number> = {};
      for (const line of text.split('\n')) {
        const m = /^gauntlet_webhooks_received_total\{([^}]*)\}\s+(\d+)/.exec(line);
        if (!m || !m[1]!.includes(`provider="${o.dialect}"`)) continue;
        const verdict = /verdict="([^"]*)"/.exec(m[1]!)?.[1];
        if (verdict) out[verdict] = (out[verdict] ?? 0) + Number(m[2]);
      }
      return out;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Sum of one kind of movement. */
export function total(movements: readonly Movement[], kind: Movement['kind']): number {
  return movements.filter((m) => m.kind === kind).reduce((s, m) => s + m.amount, 0);
}

export function count(movements: readonly Movement[], kind: Movement['kind']): number {
  return movements.filter((m) => m.kind === kind).length;
}

/** The ledger as one line: `authorization 1000, capture 500`. */
export function describeLedger(movements: readonly Movement[]): string {
  return movements.length ? movements.map((m) => `${m.kind} ${m.amount}`).join(', ') : 'nothing';
}
