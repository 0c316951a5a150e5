// Resolving what the core does not know: every open operation (pending or unknown) older than
// `olderThanMs` is re-sent with its own provider idempotency key. The provider replays its first
// answer if the call executed, or executes it now if it never did: either way the outcome becomes
// known and money moves at most once. Operations awaiting a webhook (Adyen's `received`) stay
// pending until it comes.
import type { PaymentService } from '../payments/service.ts';
import type { TransitionCause } from '../payments/types.ts';
import type { Store } from '../storage/store.ts';

export interface ResolveReport {
  examined: number;
  resolved: number;
  stillOpen: number;
}

export async function resolveOpenOperations(
  deps: { store: Store; service: PaymentService; now: () => number },
  { olderThanMs, cause }: { olderThanMs: number; cause: TransitionCause },
): Promise<ResolveReport> {
  const open = (await deps.store.operations.listOpen()).filter((op) => deps.now() - op.updated_at >= olderThanMs);
  let resolved = 0;
  for (const op of open) {
    // Pending with a provider reference: accepted, the outcome is on its way by webhook.
    if (op.status === 'pending' && op.provider_reference) continue;
    try {
      await deps.service.resend(op, cause);
    } catch {
      // The answer was recorded (a refusal is a definite outcome); nothing to add here.
    }
    const still = (await deps.store.operations.listOpen()).some((o) => o.id === op.id && o.status === 'unknown');
    if (!still) resolved += 1;
  }
  const stillOpen = (await deps.store.operations.listOpen()).length;
  return { examined: open.length, resolved, stillOpen };
}
