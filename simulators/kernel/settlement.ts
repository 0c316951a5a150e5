// The settlement report: per day, what the PSP says it paid out (captures, refunds, chargebacks,
// fees). Reconciliation compares it with the merchant's books; the fault plan's `settlement`
// gaps make it disagree on purpose (a missing line, an extra line, a wrong amount).
import type { SettlementGap } from './fault-plan.ts';
import type { Movement } from './ledger.ts';

export interface FeePolicy {
  /** Percentage fee in basis points of the captured amount. */
  basisPoints: number;
  /** Fixed fee per capture, minor units. */
  fixed: number;
}

export interface SettlementLine {
  date: string;
  type: 'capture' | 'refund' | 'chargeback';
  paymentId: string;
  reference: string;
  movementId: string;
  currency: string;
  gross: number;
  fee: number;
  net: number;
}

export const SETTLEMENT_COLUMNS = ['date', 'type', 'payment_id', 'reference', 'movement_id', 'currency', 'gross', 'fee', 'net'] as const;

/** `YYYY-MM-DD` in UTC of a simulator timestamp. */
export function settlementDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function isSettlementDate(value: string): boolean {
  // A real calendar day: 2026-02-30 and 2026-13-45 are refused (Date.parse rolls some over).
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === value;
}

/** The lines the PSP reports for `date`, with the plan's gaps applied. */
export function settlementLines(ledger: readonly Movement[], date: string, fees: FeePolicy, gaps: readonly SettlementGap[] = []): SettlementLine[] {
  const lines: SettlementLine[] = [];
  for (const m of ledger) {
    if (settlementDate(m.at) !== date) continue;
    const type = m.kind === 'capture' ? 'capture' : m.kind === 'refund' ? 'refund' : m.kind === 'dispute' ? 'chargeback' : undefined;
    if (!type) continue;
    const gross = type === 'capture' ? m.amount : -m.amount;
    const fee = type === 'capture' ? Math.round((m.amount * fees.basisPoints) / 10_000) + fees.fixed : 0;
    lines.push({ date, type, paymentId: m.paymentId, reference: m.reference ?? '', movementId: m.id, currency: m.currency, gross, fee, net: gross - fee });
  }
  return applyGaps(lines, date, gaps);
}

function applyGaps(lines: SettlementLine[], date: string, gaps: readonly SettlementGap[]): SettlementLine[] {
  let out = [...lines];
  let extra = 0;
  for (const gap of gaps) {
    const pick = (): number => {
      if (gap.type === 'extra') return -1;
      if (gap.paymentId) return out.findIndex((l) => l.paymentId === gap.paymentId);
      return (gap.nth ?? 1) - 1 < out.length ? (gap.nth ?? 1) - 1 : -1;
    };
    if (gap.type === 'missing') {
      const i = pick();
      if (i >= 0) out = out.filter((_, j) => j !== i);
    } else if (gap.type === 'wrong_amount') {
      const i = pick();
      const line = out[i];
      if (line) out[i] = { ...line, gross: line.gross + gap.delta, net: line.net + gap.delta };
    } else {
      extra += 1;
      out.push({
        date,
        type: 'capture',
        paymentId: gap.paymentId ?? `unknown_${extra}`,
        reference: '',
        movementId: `extra_${extra}`,
        currency: gap.currency.toLowerCase(),
        gross: gap.amount,
        fee: 0,
        net: gap.amount,
      });
    }
  }
  return out;
}

export function settlementCsv(lines: readonly SettlementLine[]): string {
  const escape = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = lines.map((l) => [l.date, l.type, l.paymentId, l.reference, l.movementId, l.currency, l.gross, l.fee, l.net].map(escape).join(','));
  return [SETTLEMENT_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
