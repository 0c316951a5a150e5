// Adyen replays the first response to an Idempotency-Key whatever the new request says (it does
// not compare parameters). An answer that names another payment, reference or amount than the
// request is therefore the first answer to a different request: the key was reused, which is a
// bug in the caller. Reported as invalid_request `idempotency_key_reused` (status 409, the
// adapter's choice: Adyen itself answered 2xx) so the core never takes someone else's money
// movement for its own.
import type { ProviderResult } from '../types.ts';

/** [field, what Adyen answered, what this request sent]; an absent answer field is not checked. */
export type Comparison = readonly [string, unknown, unknown];

export function replayMismatch(endpoint: string, status: number, comparisons: readonly Comparison[]): Extract<ProviderResult<never>, { kind: 'invalid_request' }> | undefined {
  const differing = comparisons.filter(([, answered, sent]) => answered !== undefined && answered !== sent);
  if (differing.length === 0) return undefined;
  const detail = differing.map(([name, answered, sent]) => `${name} ${JSON.stringify(answered)} != ${JSON.stringify(sent)}`).join(', ');
  return {
    kind: 'invalid_request',
    status: 409,
    code: 'idempotency_key_reused',
    message: `${endpoint} answered HTTP ${status} for another request (${detail}): the Idempotency-Key was used before for something else`,
  };
}
