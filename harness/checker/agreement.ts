// Invariant 2, agreement both ways, read on the final view (once quiet).
//
// SUT → PSP: each final-view payment is joined to its PSP payment (primary, else secondary join;
// none means the PSP moved nothing) and must show the same authorized amount (the authorization
// movement's, kept after a void), captured amount (sum of captures) and refunded amount (sum of
// refunds; disputes are not refunds) and, where the SUT reports it, disputed amount (sum of
// chargebacks). A declined or failed payment whose PSP payment holds a live
// authorization disagrees, and so does a void on one side only.
// PSP → SUT: every PSP payment with an authorization that is not voided must be named by a
// final-view payment (primary join, or secondary join for a payment whose primary join fails);
// otherwise it is an orphan charge, reported by its PSP id.
// Black-box SUT (nothing correlates: no observation carries a providerPaymentId and no ledger
// reference names a payment the SUT reported): totals per currency (captured minus refunded) and
// counts of live authorizations per (currency, amount) instead.
import type { PaymentObservation } from '../driver/types.ts';
import type { RunRecord } from '../history/types.ts';
import type { CheckResult, Checker, Violation } from './types.ts';
import { allObservations, current, describePsp, invokingOperation, join, keyOf, money, owners, pspPayments, type PspPayment } from './correlate.ts';
import { around, timeline } from './timeline.ts';

export interface AgreementFinding {
  violation: Violation;
  /** The provider of the payment the finding is about, when known. */
  provider: string | null;
}

export const BLACK_BOX_NOTE =
  'black-box SUT: nothing it reported names a provider payment id and no ledger movement carries its references, so agreement compared totals per currency (captured minus refunded) and counts of live authorizations per amount instead of each payment';

export const agreement: Checker = (run: RunRecord): CheckResult => {
  const { findings, blackBox } = agreementFindings(run);
  const violations = findings.map((f) => f.violation);
  return { invariant: 'agreement', valid: violations.length === 0, violations, ...(blackBox ? { note: BLACK_BOX_NOTE } : {}) };
};

export function agreementFindings(run: RunRecord): { findings: AgreementFinding[]; blackBox: boolean } {
  const psp = pspPayments(run.ledger);
  const blackBox = isBlackBox(run, psp);
  return blackBox ? { findings: totals(run, psp), blackBox } : { findings: perPayment(run, psp), blackBox };
}

/**
 * Nothing correlates the SUT's payments with the PSP's: no observation (completion or final)
 * names a provider payment id, and no ledger movement carries a reference or SUT id the SUT
 * reported. Then only totals can be compared.
 */
function isBlackBox(run: RunRecord, psp: Map<string, PspPayment>): boolean {
  if (run.final.length === 0 || psp.size === 0) return false;
  const observations = allObservations(run);
  if (observations.some((o) => o.providerPaymentId)) return false;
  const names = new Set(observations.flatMap((o) => [o.reference, o.paymentId]));
  return ![...psp.values()].some((p) => p.ledgerReferences.some((r) => names.has(r)));
}

function perPayment(run: RunRecord, psp: Map<string, PspPayment>): AgreementFinding[] {
  const out: AgreementFinding[] = [];
  const named = new Set<string>();
  for (const obs of run.final) {
    const j = join(obs, psp);
    for (const p of j.matches) named.add(p.key);
    const p = current(j);
    const problems = compare(obs, p);
    if (problems.length === 0) continue;
    const where = p ? `${describePsp(p)}` : `the PSP ledgers (no payment for it)`;
    out.push({
      provider: p?.provider ?? obs.provider,
      violation: {
        invariant: 'agreement',
        paymentId: obs.reference,
        explanation: `payment ${obs.reference} (${obs.paymentId}) disagrees with ${where}: ${problems.join('; ')}.`,
        timeline: timeline(run.history, obs.reference, { sutPaymentId: obs.paymentId, providers: [p?.provider ?? obs.provider] }),
      },
    });
  }
  const owner = owners(run, psp);
  for (const p of psp.values()) {
    if (!p.live || named.has(p.key)) continue;
    const first = p.movements[0]!;
    // Who made it: the harness payment that names it, else the operation in flight when it moved.
    const made = invokingOperation(run, p);
    const ref = owner.get(p.key) ?? made?.invoke.reference;
    const refs = p.ledgerReferences.length > 0 ? ` (ledger reference ${p.ledgerReferences.join(', ')})` : '';
    const by = made ? ` It was made while the harness's ${made.invoke.op} of ${made.invoke.reference} (op ${made.invoke.opId}, key ${keyOf(made.invoke)}) was in flight${made.complete ? `, which ended ${made.complete.type}` : ', which never ended'}.` : '';
    out.push({
      provider: p.provider,
      violation: {
        invariant: 'agreement',
        paymentId: p.paymentId,
        explanation: `orphan charge: ${describePsp(p)}${refs} holds an authorization of ${money(p.authorized, p.currency)} (captured ${money(p.captured, p.currency)}, refunded ${money(p.refunded, p.currency)}) that no payment in the SUT's final view names.${by}`,
        timeline: ref !== undefined ? timeline(run.history, ref, { ops: ['authorize', 'void'], providers: [p.provider] }) : around(run.history, indexAt(run, first.at), indexAt(run, first.at), { providers: [p.provider], maxContext: 3 }),
      },
    });
  }
  return out;
}

function compare(obs: PaymentObservation, p: PspPayment | undefined): string[] {
  const problems: string[] = [];
  const cur = obs.currency;
  const ledger = p ?? { authorized: 0, captured: 0, refunded: 0, disputed: 0, live: false, voided: false, authorizations: [] };
  const amounts = obs.amounts;
  // Equal numbers in another currency are other money (and a wrong minor unit shows as a factor
  // of 100 in the amounts below).
  if (p && p.currency && cur && p.currency.toUpperCase() !== cur.toUpperCase()) problems.push(`the SUT says the payment is in ${cur.toUpperCase()}, the PSP moved ${p.currency.toUpperCase()}`);
  if (amounts.authorized !== ledger.authorized) problems.push(`the SUT says ${money(amounts.authorized, cur)} authorized, the PSP ${money(ledger.authorized, cur)}`);
  if (amounts.captured !== ledger.captured) problems.push(`the SUT says ${money(amounts.captured, cur)} captured, the PSP ${money(ledger.captured, cur)}`);
  if (amounts.refunded !== ledger.refunded) problems.push(`the SUT says ${money(amounts.refunded, cur)} refunded, the PSP ${money(ledger.refunded, cur)}`);
  // A chargeback is money the PSP took back on the cardholder's word: judged where the SUT reports disputes.
  if (amounts.disputed !== undefined && amounts.disputed !== ledger.disputed) problems.push(`the SUT says ${money(amounts.disputed, cur)} disputed, the PSP ${money(ledger.disputed, cur)} (chargebacks)`);
  if ((obs.status === 'declined' || obs.status === 'failed') && ledger.live) {
    problems.push(`the SUT says ${obs.status} while the PSP holds a live authorization of ${money(ledger.authorized, cur)}`);
  }
  if (ledger.voided && obs.status !== 'voided') problems.push(`the PSP voided it, the SUT says ${obs.status}`);
  if (obs.status === 'voided' && ledger.authorizations.length > 0 && !ledger.voided) problems.push(`the SUT says voided, the PSP never voided it`);
  return problems;
}

function totals(run: RunRecord, psp: Map<string, PspPayment>): AgreementFinding[] {
  const out: AgreementFinding[] = [];
  const sutNet = new Map<string, number>();
  const pspNet = new Map<string, number>();
  const sutCounts = new Map<string, number>();
  const pspCounts = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, by: number) => m.set(k, (m.get(k) ?? 0) + by);
  for (const o of run.final) {
    const c = o.currency.toUpperCase();
    bump(sutNet, c, o.amounts.captured - o.amounts.refunded);
    if (o.amounts.authorized > 0 && o.status !== 'voided') bump(sutCounts, money(o.amounts.authorized, c), 1);
  }
  for (const p of psp.values()) {
    bump(pspNet, p.currency, p.captured - p.refunded);
    if (p.live) bump(pspCounts, money(p.authorized, p.currency), 1);
  }
  for (const c of union(sutNet, pspNet)) {
    const s = sutNet.get(c) ?? 0;
    const l = pspNet.get(c) ?? 0;
    if (s === l) continue;
    out.push({
      provider: null,
      violation: { invariant: 'agreement', paymentId: c, explanation: `${c}: the SUT's final view nets ${money(s, c)} (captured minus refunded), the PSP ledgers net ${money(l, c)}.`, timeline: [] },
    });
  }
  for (const k of union(sutCounts, pspCounts)) {
    const s = sutCounts.get(k) ?? 0;
    const l = pspCounts.get(k) ?? 0;
    if (s === l) continue;
    out.push({
      provider: null,
      violation: { invariant: 'agreement', paymentId: k, explanation: `the SUT's final view has ${s} live authorization${s === 1 ? '' : 's'} of ${k}, the PSP ledgers have ${l}.`, timeline: [] },
    });
  }
  return out;
}

/** The last history position at or before time `t` (the ledger and the history share the run's clock). */
function indexAt(run: RunRecord, t: number): number {
  let at = 0;
  for (const e of run.history) if (e.t <= t) at = e.index;
  return at;
}

function union(a: Map<string, number>, b: Map<string, number>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}
