// The simulators' ledgers as the history's movements: what checkers trust as money moved.
import type { Simulator } from '../../simulators/index.ts';
import type { LedgerMovement } from './types.ts';

export function ledgerOf(sims: readonly Pick<Simulator, 'kernel'>[]): LedgerMovement[] {
  return sims.flatMap((s) => movementsOf(s.kernel.ledger.all()));
}

/** A simulator's ledger entries (in process, or as GET /__gauntlet/ledger returns them) as movements. */
export function movementsOf(entries: readonly LedgerEntryLike[]): LedgerMovement[] {
  return entries.map((m) => ({
    provider: m.provider,
    kind: m.kind,
    paymentId: m.paymentId,
    id: m.id,
    amount: m.amount,
    currency: m.currency,
    at: m.at,
    operation: m.operation,
    ...(m.idempotencyKey !== undefined ? { idempotencyKey: m.idempotencyKey } : {}),
    ...(m.reference !== undefined ? { reference: m.reference } : {}),
  }));
}

type LedgerEntryLike = Omit<LedgerMovement, 'idempotencyKey' | 'reference'> & { idempotencyKey?: string | undefined; reference?: string | undefined };
