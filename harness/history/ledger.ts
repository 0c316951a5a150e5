// The simulators' ledgers as the history's movements: what checkers trust as money moved.
import type { Simulator } from '../../simulators/index.ts';
import type { LedgerMovement } from './types.ts';

export function ledgerOf(sims: readonly Pick<Simulator, 'kernel'>[]): LedgerMovement[] {
  return sims.flatMap((s) =>
    s.kernel.ledger.all().map((m) => ({
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
    })),
  );
}
