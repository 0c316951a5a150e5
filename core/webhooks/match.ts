// Which of the core's operations a provider event is about.
import type { ProviderEvent } from '../adapters/types.ts';
import { OPEN_STATUSES } from '../payments/policies.ts';
import type { OperationKind, OperationRow } from '../payments/types.ts';

/**
 * The operation an event is about: named by the core's operation id or the provider's reference;
 * failing both, the only open one of that kind and amount (a webhook that beat the API response,
 * before the core stored the reference the answer carries).
 */
export function matchOperation(ops: OperationRow[], kind: OperationKind, event: ProviderEvent): OperationRow | undefined {
  const ofKind = ops.filter((o) => o.kind === kind);
  return (
    (event.operationId ? ofKind.find((o) => o.id === event.operationId) : undefined) ??
    (event.providerReference ? ofKind.find((o) => o.provider_reference === event.providerReference) : undefined) ??
    ofKind.find((o) => OPEN_STATUSES.includes(o.status) && o.provider_reference === null && (event.amount === undefined || o.amount === event.amount))
  );
}
