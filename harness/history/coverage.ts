// Coverage: what a run actually exercised, measured from its record, so that a green can be
// earned. Per provider × operation: how many the harness attempted and how each ended (ok, fail,
// info), how many the SUT refused as illegal (they never reached a PSP), and how many money
// movements of that kind the PSP's ledger holds. Webhooks: genuine deliveries the SUT accepted.
import type { PaymentObservation } from '../driver/types.ts';
import type { CompleteEvent, HistoryEvent, InvokeEvent, RunRecord } from './types.ts';

export const COVERED_OPERATIONS = ['authorize', 'capture', 'partial_capture', 'refund', 'partial_refund', 'void', 'webhook_applied'] as const;
export type CoveredOperation = (typeof COVERED_OPERATIONS)[number];

export interface CoverageCell {
  provider: string;
  operation: CoveredOperation;
  attempted: number;
  ok: number;
  fail: number;
  info: number;
  /** Refused by the SUT as illegal or unsupported (fail, kind invalid): they never reached a PSP. */
  refused: number;
  /** The SUT's most frequent reason for refusing (its error code), when it refused any. */
  topRefusal?: string;
  /** Money movements of this kind in the PSP's ledger (null for webhooks). */
  atPsp: number | null;
}

/** Cells sorted by provider, then operation; only cells with something in them. */
export type Coverage = CoverageCell[];

const LEDGER_KIND: Partial<Record<CoveredOperation, string>> = {
  authorize: 'authorization',
  capture: 'capture',
  partial_capture: 'capture',
  refund: 'refund',
  partial_refund: 'refund',
  void: 'void',
};

export function measureCoverage(run: Pick<RunRecord, 'history' | 'ledger' | 'final'>): Coverage {
  const cells = new Map<string, CoverageCell>();
  const refusals = new Map<CoverageCell, Map<string, number>>();
  const cell = (provider: string, operation: CoveredOperation): CoverageCell => {
    const key = `${provider}/${operation}`;
    let c = cells.get(key);
    if (!c) {
      c = { provider, operation, attempted: 0, ok: 0, fail: 0, info: 0, refused: 0, atPsp: null };
      cells.set(key, c);
    }
    return c;
  };

  const routed = paymentProviders(run);
  const provider = (reference: string) => routed(reference) ?? 'unrouted';
  const invokes = new Map<number, InvokeEvent>();
  const done: Array<{ invoke: InvokeEvent; complete: CompleteEvent }> = [];
  for (const e of run.history) {
    if (e.type === 'invoke') invokes.set(e.opId, e);
    else if (e.type === 'ok' || e.type === 'fail' || e.type === 'info') {
      const invoke = invokes.get(e.opId);
      if (invoke) done.push({ invoke, complete: e });
    }
  }

  for (const { invoke, complete } of done) {
    if (invoke.op === 'get') continue;
    const partial = invoke.args.amount !== undefined && invoke.args.amount !== null;
    const operation: CoveredOperation = invoke.op === 'capture' ? (partial ? 'partial_capture' : 'capture') : invoke.op === 'refund' ? (partial ? 'partial_refund' : 'refund') : invoke.op;
    const c = cell(provider(invoke.reference), operation);
    c.attempted += 1;
    const completion = complete.completion;
    if (completion.type === 'fail' && completion.error.kind === 'invalid') {
      c.refused += 1;
      const codes = refusals.get(c) ?? new Map<string, number>();
      codes.set(completion.error.code, (codes.get(completion.error.code) ?? 0) + 1);
      refusals.set(c, codes);
    } else c[completion.type] += 1;
  }

  for (const e of run.history) {
    if (e.type !== 'webhook' || e.kind !== 'genuine') continue;
    const c = cell(e.provider.toLowerCase(), 'webhook_applied');
    c.attempted += 1;
    if (e.status !== undefined && e.status >= 200 && e.status < 300) c.ok += 1;
    else if (e.status === undefined) c.info += 1;
    else c.fail += 1;
  }

  // Money the PSP moved, per provider and kind; partial and full operations share a ledger kind.
  const moved = new Map<string, number>();
  for (const m of run.ledger) moved.set(`${m.provider.toLowerCase()}/${m.kind}`, (moved.get(`${m.provider.toLowerCase()}/${m.kind}`) ?? 0) + 1);
  for (const c of cells.values()) {
    const kind = LEDGER_KIND[c.operation];
    if (kind) c.atPsp = moved.get(`${c.provider}/${kind}`) ?? 0;
  }

  for (const [c, codes] of refusals) c.topRefusal = [...codes].sort((a, b) => b[1] - a[1])[0]![0];

  const order = (op: CoveredOperation) => COVERED_OPERATIONS.indexOf(op);
  return [...cells.values()].sort((a, b) => a.provider.localeCompare(b.provider) || order(a.operation) - order(b.operation));
}

/**
 * Which provider each payment (by merchant reference) went to: the SUT's own word (its final view,
 * then any answer), else what the harness asked for; undefined when neither says.
 */
export function paymentProviders(run: { history: readonly HistoryEvent[]; final: readonly PaymentObservation[] }): (reference: string) => string | undefined {
  const said = new Map<string, string>();
  const asked = new Map<string, string>();
  for (const e of run.history) {
    if (e.type === 'invoke' && e.op === 'authorize' && typeof e.args.provider === 'string' && e.args.provider !== 'auto') asked.set(e.reference, e.args.provider);
    else if (e.type === 'ok' || e.type === 'fail') {
      const p = e.completion.type !== 'info' ? e.completion.value?.provider : undefined;
      if (p) said.set(e.reference, p.toLowerCase());
    }
  }
  for (const p of run.final) if (p.provider) said.set(p.reference, p.provider.toLowerCase());
  return (reference) => said.get(reference) ?? asked.get(reference);
}

/** Operations that reached the SUT's PSP side: attempted minus what the SUT refused as illegal. */
export function exercised(c: CoverageCell): number {
  return c.attempted - c.refused;
}
