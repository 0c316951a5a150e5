// Matching the provider's settlement report for a day against the core's records, and storing
// each disagreement: a line the core cannot account for (extra), money the core recorded that the
// provider did not report (missing), or different amounts for the same payment (amount_mismatch).
// One bad input never fails the run: a report that cannot be fetched, or a line that cannot be read
// (no payment id, an amount that is not whole minor units, text Postgres cannot store), is itself
// a discrepancy (unreadable), and everything else is reconciled as usual.
import type { ProviderName } from '../adapters/types.ts';
import { invalid } from '../api/errors.ts';
import type { Store } from '../storage/store.ts';
import { isStorable, storableText } from '../webhooks/storable.ts';

export interface SettlementEntry {
  type: 'capture' | 'refund' | 'chargeback';
  /** The provider's payment id. */
  providerPaymentId: string;
  currency: string;
  /** Signed minor units: captures positive, refunds and chargebacks negative. */
  gross: number;
}

/** Where the core reads a provider's report: the simulator's control API, or a file a PSP drops. */
export type SettlementSource = (provider: ProviderName, date: string) => Promise<SettlementEntry[]>;

export interface Discrepancy {
  kind: 'missing' | 'extra' | 'amount_mismatch' | 'unreadable';
  provider: ProviderName;
  paymentId: string | null;
  reference: string;
  expected: number | null;
  actual: number | null;
  detail: string;
}

const DAY_MS = 86_400_000;

export async function reconcileSettlement(
  deps: { store: Store; now: () => number; source: SettlementSource; providers: ProviderName[] },
  { date, runId }: { date: string; runId: string },
): Promise<Discrepancy[]> {
  const from = Date.parse(`${date}T00:00:00Z`);
  // The merchant API checks dates at its edge; this guards every other caller from a NaN range.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(from) || new Date(from).toISOString().slice(0, 10) !== date) throw invalid('parameter_invalid', `not a calendar date: ${storableText(date).slice(0, 40)}`, 'date');
  const to = from + DAY_MS;
  const found: Discrepancy[] = [];
  for (const provider of deps.providers) {
    let lines: unknown;
    try {
      lines = await deps.source(provider, date);
    } catch (err) {
      found.push(unreadable(provider, '(report)', `${provider}'s settlement report for ${date} could not be read: ${(err as Error)?.message ?? String(err)}`));
      continue;
    }
    if (!Array.isArray(lines)) {
      found.push(unreadable(provider, '(report)', `${provider}'s settlement report for ${date} is not a list of lines`));
      continue;
    }
    const reported = new Map<string, number>();
    for (const [i, l] of lines.entries()) {
      const problem = lineProblem(l);
      if (problem) {
        const id = (l as SettlementEntry | null)?.providerPaymentId;
        const ref = typeof id === 'string' && id !== '' ? id : `(line ${i + 1})`;
        found.push(unreadable(provider, ref, `${provider}'s settlement line ${i + 1} for ${date} was skipped: ${problem}`));
        continue;
      }
      const line = l as SettlementEntry;
      reported.set(line.providerPaymentId, (reported.get(line.providerPaymentId) ?? 0) + line.gross);
    }
    // The core's net settled money per provider payment for the day: its captured amount on the
    // day it was captured (the last capture operation, or the authorization for automatic
    // capture), less the refunds that settled that day.
    const rows = await deps.store.payments.settled(provider, from, to);
    const ours = new Map<string, { id: string; net: number }>();
    for (const r of rows) {
      const capturedAt = r.captured_at ?? r.created_at;
      const captured = capturedAt >= from && capturedAt < to ? r.amount_captured : 0;
      const net = captured - r.refunded_today;
      if (captured > 0 || r.refunded_today > 0) ours.set(r.provider_payment_id, { id: r.id, net });
    }
    for (const [ref, mine] of ours) {
      const theirs = reported.get(ref);
      if (theirs === undefined) found.push({ kind: 'missing', provider, paymentId: mine.id, reference: ref, expected: mine.net, actual: null, detail: `${provider} reported nothing for ${ref} on ${date}; the core settled ${mine.net}` });
      else if (theirs !== mine.net) found.push({ kind: 'amount_mismatch', provider, paymentId: mine.id, reference: ref, expected: mine.net, actual: theirs, detail: `${provider} settled ${theirs} for ${ref} on ${date}; the core settled ${mine.net}` });
    }
    for (const [ref, theirs] of reported) {
      if (!ours.has(ref)) found.push({ kind: 'extra', provider, paymentId: null, reference: ref, expected: null, actual: theirs, detail: `${provider} settled ${theirs} for ${ref} on ${date}, which the core has no record of` });
    }
  }
  await deps.store.transaction(async (tx) => {
    for (const d of found) {
      await tx.discrepancies.insert({ run_id: runId, kind: d.kind, payment_id: d.paymentId, provider: d.provider, reference: d.reference, expected: d.expected, actual: d.actual, detail: d.detail, created_at: deps.now() });
    }
  });
  return found;
}

/** Why a report line cannot be matched, or undefined when it can. */
function lineProblem(l: unknown): string | undefined {
  if (typeof l !== 'object' || l === null) return 'not an object';
  const { providerPaymentId, gross, currency } = l as Record<string, unknown>;
  if (typeof providerPaymentId !== 'string' || providerPaymentId === '') return 'no payment id';
  if (!isStorable(providerPaymentId)) return 'the payment id holds U+0000 or a lone surrogate';
  if (typeof currency !== 'string' || !isStorable(currency)) return 'no readable currency';
  if (typeof gross !== 'number' || !Number.isSafeInteger(gross)) return `gross ${storableText(String(gross)).slice(0, 40)} is not whole minor units`;
  return undefined;
}

/** A discrepancy about input that could not be read; its text made storable and short. */
function unreadable(provider: ProviderName, reference: string, detail: string): Discrepancy {
  return { kind: 'unreadable', provider, paymentId: null, reference: storableText(reference).slice(0, 200), expected: null, actual: null, detail: storableText(detail).slice(0, 1000) };
}
