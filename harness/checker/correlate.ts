// Correlation: which PSP payment (ledger) belongs to which SUT payment (observation) and to which
// harness payment (merchant reference).
//
//   primary join     observation (provider, providerPaymentId) = ledger (provider, paymentId)
//   secondary join   ledger.reference = observation.reference (Stripe: the merchant reference)
//                    or ledger.reference = observation.paymentId (Adyen: the SUT's own id),
//                    used for an observation whose primary join fails (no providerPaymentId, or
//                    one the ledger does not know).
//
// A PSP payment that no final-view payment names is an orphan.
import type { CompleteEvent, HistoryEvent, InvokeEvent, LedgerMovement, RunRecord } from '../history/types.ts';
import type { PaymentObservation } from '../driver/types.ts';
import { formatMoney } from '../../spec/index.ts';

export interface PspPayment {
  key: string;
  provider: string;
  paymentId: string;
  /** Upper case, as merchants write it. */
  currency: string;
  movements: LedgerMovement[];
  authorizations: LedgerMovement[];
  captures: LedgerMovement[];
  refunds: LedgerMovement[];
  voids: LedgerMovement[];
  disputes: LedgerMovement[];
  authorized: number;
  captured: number;
  refunded: number;
  disputed: number;
  voided: boolean;
  /** Authorized and not voided: money is (or was) held or taken. */
  live: boolean;
  /** The distinct `reference` values its movements carry. */
  ledgerReferences: string[];
}

export function pspKey(provider: string, paymentId: string): string {
  return `${provider.toLowerCase()}/${paymentId}`;
}

/** The ledger grouped by PSP payment, in order of each payment's first movement. */
export function pspPayments(ledger: readonly LedgerMovement[]): Map<string, PspPayment> {
  const out = new Map<string, PspPayment>();
  for (const m of ledger) {
    const key = pspKey(m.provider, m.paymentId);
    let p = out.get(key);
    if (!p) {
      p = {
        key,
        provider: m.provider.toLowerCase(),
        paymentId: m.paymentId,
        currency: m.currency.toUpperCase(),
        movements: [],
        authorizations: [],
        captures: [],
        refunds: [],
        voids: [],
        disputes: [],
        authorized: 0,
        captured: 0,
        refunded: 0,
        disputed: 0,
        voided: false,
        live: false,
        ledgerReferences: [],
      };
      out.set(key, p);
    }
    p.movements.push(m);
    switch (m.kind) {
      case 'authorization':
        p.authorizations.push(m);
        p.authorized += m.amount;
        break;
      case 'capture':
        p.captures.push(m);
        p.captured += m.amount;
        break;
      case 'refund':
        p.refunds.push(m);
        p.refunded += m.amount;
        break;
      case 'void':
        p.voids.push(m);
        p.voided = true;
        break;
      case 'dispute':
        p.disputes.push(m);
        p.disputed += m.amount;
        break;
    }
    if (m.reference !== undefined && !p.ledgerReferences.includes(m.reference)) p.ledgerReferences.push(m.reference);
    p.live = p.authorizations.length > 0 && !p.voided;
  }
  return out;
}

export interface Join {
  via: 'primary' | 'secondary' | 'none';
  matches: PspPayment[];
}

interface Index {
  byPaymentId: Map<string, PspPayment[]>;
  byReference: Map<string, PspPayment[]>;
  position: Map<PspPayment, number>;
}

const INDEXES = new WeakMap<ReadonlyMap<string, PspPayment>, Index>();

function indexOf(psp: ReadonlyMap<string, PspPayment>): Index {
  let index = INDEXES.get(psp);
  if (!index) {
    index = { byPaymentId: new Map(), byReference: new Map(), position: new Map() };
    const push = (m: Map<string, PspPayment[]>, k: string, p: PspPayment) => {
      const list = m.get(k);
      if (list) list.push(p);
      else m.set(k, [p]);
    };
    for (const p of psp.values()) {
      index.position.set(p, index.position.size);
      push(index.byPaymentId, p.paymentId, p);
      for (const r of p.ledgerReferences) push(index.byReference, r, p);
    }
    INDEXES.set(psp, index);
  }
  return index;
}

/** The PSP payments an observation names (primary join, else secondary). */
export function join(obs: Pick<PaymentObservation, 'provider' | 'providerPaymentId' | 'reference' | 'paymentId'>, psp: ReadonlyMap<string, PspPayment>): Join {
  const index = indexOf(psp);
  if (obs.providerPaymentId) {
    if (obs.provider) {
      const p = psp.get(pspKey(obs.provider, obs.providerPaymentId));
      if (p) return { via: 'primary', matches: [p] };
    } else {
      const ps = index.byPaymentId.get(obs.providerPaymentId) ?? [];
      if (ps.length > 0) return { via: 'primary', matches: [...ps] };
    }
  }
  const found = new Set([...(index.byReference.get(obs.reference) ?? []), ...(index.byReference.get(obs.paymentId) ?? [])]);
  // In ledger order, as the map holds them.
  const matches = [...found].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
  return matches.length > 0 ? { via: 'secondary', matches } : { via: 'none', matches: [] };
}

/** The one PSP payment that stands for an observation: the primary match, else the live (latest) one. */
export function current(j: Join): PspPayment | undefined {
  if (j.matches.length === 0) return undefined;
  const live = j.matches.filter((p) => p.live);
  const pool = live.length > 0 ? live : j.matches;
  return pool[pool.length - 1];
}

/** Every observation the SUT gave: completion values in history order, then the final view. */
export function allObservations(run: RunRecord): PaymentObservation[] {
  const out: PaymentObservation[] = [];
  for (const e of run.history) {
    const v = valueOf(e);
    if (v) out.push(v);
  }
  out.push(...run.final);
  return out;
}

export function valueOf(e: HistoryEvent): PaymentObservation | undefined {
  if (e.type !== 'ok' && e.type !== 'fail') return undefined;
  return e.completion.type === 'info' ? undefined : e.completion.value;
}

/**
 * The harness payment (reference) each PSP payment belongs to: by any observation that names it
 * (primary), else by its ledger reference being a harness reference or an SUT payment id the
 * SUT reported for a reference. PSP payments left out have no known owner.
 */
export function owners(run: RunRecord, psp: ReadonlyMap<string, PspPayment>): Map<string, string> {
  const out = new Map<string, string>();
  const observations = allObservations(run);
  for (const o of observations) {
    if (!o.providerPaymentId) continue;
    const j = join({ ...o, reference: '\u0000', paymentId: '\u0000' }, psp);
    for (const p of j.matches) if (!out.has(p.key)) out.set(p.key, o.reference);
  }
  const references = new Set<string>();
  for (const e of run.history) if (e.type === 'invoke') references.add(e.reference);
  for (const o of observations) references.add(o.reference);
  const bySutId = new Map<string, string>();
  for (const o of observations) if (!bySutId.has(o.paymentId)) bySutId.set(o.paymentId, o.reference);
  for (const p of psp.values()) {
    if (out.has(p.key)) continue;
    for (const r of p.ledgerReferences) {
      const owner = references.has(r) ? r : bySutId.get(r);
      if (owner !== undefined) {
        out.set(p.key, owner);
        break;
      }
    }
  }
  return out;
}

export type FinalLookup = (sutPaymentId: string | undefined, reference: string) => PaymentObservation | undefined;

/** Finds the final-view payment for an SUT payment id, else the only one with that reference. */
export function finalLookup(run: RunRecord): FinalLookup {
  const byId = new Map<string, PaymentObservation>();
  const byRef = new Map<string, PaymentObservation[]>();
  for (const o of run.final) {
    if (!byId.has(o.paymentId)) byId.set(o.paymentId, o);
    const list = byRef.get(o.reference);
    if (list) list.push(o);
    else byRef.set(o.reference, [o]);
  }
  return (sutPaymentId, reference) => {
    const hit = sutPaymentId !== undefined ? byId.get(sutPaymentId) : undefined;
    if (hit) return hit;
    const list = byRef.get(reference) ?? [];
    return list.length === 1 ? list[0] : undefined;
  };
}

export interface Operation {
  invoke: InvokeEvent;
  complete?: CompleteEvent;
}

/** Every operation: its invoke and (if any) its completion, in invoke order. */
export function operations(history: readonly HistoryEvent[]): Operation[] {
  const out: Operation[] = [];
  const open = new Map<string, Operation>();
  for (const e of history) {
    if (e.type === 'invoke') {
      const op: Operation = { invoke: e };
      out.push(op);
      open.set(`${e.process}/${e.opId}`, op);
    } else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const key = `${e.process}/${e.opId}`;
      const op = open.get(key);
      if (op) {
        op.complete = e;
        open.delete(key);
      }
    }
  }
  return out;
}

/** The idempotency key an invoke carried, or a per-operation stand-in when it carried none. */
export function keyOf(e: InvokeEvent): string {
  const k = e.args.idempotencyKey;
  return typeof k === 'string' && k !== '' ? k : `(no key: op ${e.opId})`;
}

/** `10.00 USD` for 1000 minor units: by the currency's exponent (spec/money.ts), never minor units labelled as the currency. */
export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

export function describePsp(p: PspPayment): string {
  return `${p.provider} ${p.paymentId}`;
}

/**
 * The harness operation that made a PSP payment no observation names: the money operation in
 * flight (invoked before, completed after or never) when its first movement happened, on its
 * provider (or routed by the SUT), of the same amount where the operation says one. When several
 * fit, the one invoked last before the movement. Undefined when none was in flight.
 */
export function invokingOperation(run: RunRecord, p: PspPayment): Operation | undefined {
  const first = p.movements[0];
  if (!first) return undefined;
  const fits = operations(run.history).filter(({ invoke, complete }) => {
    if (invoke.op === 'get' || invoke.t > first.at || (complete && complete.t < first.at)) return false;
    const provider = invoke.args.provider;
    if (typeof provider === 'string' && provider !== 'auto' && provider.toLowerCase() !== p.provider) return false;
    return typeof invoke.args.amount !== 'number' || invoke.op !== 'authorize' || invoke.args.amount === first.amount;
  });
  return fits.at(-1);
}
