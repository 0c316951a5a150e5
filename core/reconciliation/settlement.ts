// Matching the provider's settlement report for a day against the core's records, and storing
// each disagreement: a line the core cannot account for (extra), money the core recorded that the
// provider did not report (missing), or different amounts for the same payment (amount_mismatch).
import type { ProviderName } from '../adapters/types.ts';
import type { Db } from '../db/types.ts';

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
  kind: 'missing' | 'extra' | 'amount_mismatch';
  provider: ProviderName;
  paymentId: string | null;
  reference: string;
  expected: number | null;
  actual: number | null;
  detail: string;
}

const DAY_MS = 86_400_000;

export async function reconcileSettlement(
  deps: { db: Db; now: () => number; source: SettlementSource; providers: ProviderName[] },
  { date, runId }: { date: string; runId: string },
): Promise<Discrepancy[]> {
  const from = Date.parse(`${date}T00:00:00Z`);
  const to = from + DAY_MS;
  const found: Discrepancy[] = [];
  for (const provider of deps.providers) {
    const lines = await deps.source(provider, date);
    const reported = new Map<string, number>();
    for (const l of lines) reported.set(l.providerPaymentId, (reported.get(l.providerPaymentId) ?? 0) + l.gross);
    // The core's net settled money per provider payment, for operations that settled that day.
    const rows = await deps.db.query<{ id: string; provider_payment_id: string; net: number | string }>(
      `SELECT p.id, p.provider_payment_id,
              SUM(CASE WHEN o.kind = 'capture' THEN o.amount WHEN o.kind = 'refund' THEN -o.amount ELSE 0 END) AS net
         FROM payments p JOIN operations o ON o.payment_id = p.id
        WHERE p.provider = $1 AND p.provider_payment_id IS NOT NULL AND o.status = 'succeeded' AND o.kind IN ('capture', 'refund')
          AND o.updated_at >= $2 AND o.updated_at < $3
        GROUP BY p.id, p.provider_payment_id`,
      [provider, from, to],
    );
    // Automatic captures settle with the authorization: counted from the payment itself.
    const auto = await deps.db.query<{ id: string; provider_payment_id: string; captured: number | string }>(
      `SELECT p.id, p.provider_payment_id, p.reported_captured AS captured FROM payments p
        WHERE p.provider = $1 AND p.capture_mode = 'automatic' AND p.reported_captured > 0 AND p.provider_payment_id IS NOT NULL
          AND p.created_at >= $2 AND p.created_at < $3`,
      [provider, from, to],
    );
    const ours = new Map<string, { id: string; net: number }>();
    for (const r of rows) ours.set(r.provider_payment_id, { id: r.id, net: Number(r.net) });
    for (const r of auto) {
      const prev = ours.get(r.provider_payment_id);
      ours.set(r.provider_payment_id, { id: r.id, net: (prev?.net ?? 0) + Number(r.captured) });
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
  await deps.db.transaction(async (tx) => {
    for (const d of found) {
      await tx.query(
        `INSERT INTO reconciliation_discrepancies (run_id, kind, payment_id, provider, reference, expected, actual, detail, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [runId, d.kind, d.paymentId, d.provider, d.reference, d.expected, d.actual, d.detail, deps.now()],
      );
    }
  });
  return found;
}
