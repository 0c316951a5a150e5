// The built-in mutants of the reference core: each the correct core with ONE classic payment bug,
// chosen by name at run time (`withMutant(options, name)`). The harness's selftest runs the same
// generated runs against the correct core and against each mutant; every mutant must be caught.
//
// A mutant is not a source patch and the core's code has no trace of it: it is a wrapper around
// the provider adapters (./adapters.ts), a wrong policy handed to the core (./policies.ts, the
// core's seams in core/policies.ts), or a narrowed settlement report (./settlement-source.ts).

export const MUTANT_NAMES = [
  'no-provider-idempotency',
  'webhook-no-dedupe',
  'webhook-regresses-state',
  'refund-unbounded',
  'timeout-is-failure',
  'merchant-key-ignored',
  'capture-race',
  'signature-not-verified',
  'stale-accepted',
  'decline-as-failure',
  'failure-as-decline',
  'no-crash-recovery',
  'partial-capture-ignored',
  'failover-without-resolving',
  'provider-500-not-executed',
  'genuine-webhooks-refused',
  'missing-signature-accepted',
  'retry-after-ignored',
  'received-is-final',
  'currency-exponent-ignored',
  'psp-initiated-ignored',
  'merchant-key-unchecked',
  'settlement-refunds-ignored',
  'early-webhook-unmatched',
  'outbox-at-most-once',
  'dispute-ignored',
] as const;

export type MutantName = (typeof MUTANT_NAMES)[number];

export interface MutantInfo {
  name: MutantName;
  description: string;
  /** Where the bug can show: `sim` in-process runs, or only `live` (real processes, crashes). */
  world: 'sim' | 'live';
  /**
   * The drill whose workload reaches the bug, when generated exploration does not (a merchant
   * reusing a key for another payment, a settlement file): selftest runs that drill in the
   * simulation world and the mutant must fail it.
   */
  drill?: string;
  /**
   * The invariant (harness/checker InvariantName) expected to catch it, or `retry-after`: the PSP
   * etiquette measure (harness/checker/retry-after.ts), which no money invariant sees.
   */
  invariant: string;
}

export const MUTANTS: readonly MutantInfo[] = Object.freeze([
  {
    name: 'no-provider-idempotency',
    description:
      'Provider calls carry a fresh idempotency key on every attempt (key + attempt counter), so a retry after a timeout-after-commit executes again: a second authorization (an orphan the core never knew), a second partial capture or refund.',
    world: 'sim',
    invariant: 'no-double-money',
  },
  {
    name: 'webhook-no-dedupe',
    description:
      'The webhook inbox applies every delivery as it arrives, without the (provider, event id) dedupe, and a refunded/captured event about an operation that is already settled adds its amount as new money instead of settling that operation: a duplicated (or API-then-webhook) refund is counted twice.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'webhook-regresses-state',
    description:
      'Webhook events set the status they name directly, ignoring the forward-only state machine: a late `authorized` after `captured` moves the payment back to authorized.',
    world: 'sim',
    invariant: 'legal-history',
  },
  {
    name: 'refund-unbounded',
    description:
      'A refund is not checked against what is left to refund: its bound (and the amount of "refund the rest") is the whole captured amount, refunds already made or in flight ignored; and a refund the core sent is booked as succeeded whatever the PSP answers. An over-refund the PSP refused shows as refunded: the view reports more refunded than captured.',
    world: 'sim',
    invariant: 'no-double-money',
  },
  {
    name: 'timeout-is-failure',
    description:
      'An indeterminate provider answer (timeout, dropped connection) is treated as a definite failure, without retry: the capture operation fails, the authorization ends `failed`, while the PSP did it.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'merchant-key-ignored',
    description: "The merchant's Idempotency-Key is required but ignored: a client retry of POST /v1/payments creates and authorizes a second payment.",
    world: 'sim',
    invariant: 'no-double-money',
  },
  {
    name: 'capture-race',
    description:
      'Check-then-act without the row lock and without reserving open captures: two concurrent captures both pass the check and both reach the PSP. Money moves twice only at a PSP that lets the second through (over-capture); the simulators refuse a capture above what is left, so there the trace is a second capture request and a 502 where the correct core answers 409.',
    world: 'sim',
    invariant: 'no-double-money',
  },
  {
    name: 'signature-not-verified',
    description: 'A webhook whose signature does not verify is parsed and accepted anyway (2xx, stored, applied): forged deliveries are taken as genuine.',
    world: 'sim',
    invariant: 'webhook-integrity',
  },
  {
    name: 'stale-accepted',
    description: "Stripe webhooks are checked for freshness against their own signing time, so a stale replay is accepted (2xx) instead of refused.",
    world: 'sim',
    invariant: 'webhook-integrity',
  },
  {
    name: 'decline-as-failure',
    description: 'An issuer decline is classified as a provider error: the payment ends `failed` (no decline code) instead of `declined`.',
    world: 'sim',
    invariant: 'honest-errors',
  },
  {
    name: 'failure-as-decline',
    description: 'A provider error (5xx, 429, overloaded) is classified as an issuer decline, never retried: the payment ends `declined` although the issuer said nothing.',
    world: 'sim',
    invariant: 'honest-errors',
  },
  {
    name: 'no-crash-recovery',
    description:
      'No crash recovery: recover() does nothing (no open operation re-sent, no in-flight merchant key answered) and an operation a crash left `pending` is never re-sent: the money the PSP moved before the crash is lost to the core.',
    world: 'live',
    invariant: 'durability',
  },
  {
    name: 'partial-capture-ignored',
    description: 'The capture amount is not passed on: the PSP captures the whole authorization while the core records the partial amount the merchant asked for.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'failover-without-resolving',
    description:
      'With `provider: auto`, an indeterminate primary authorization also fails over to the secondary, without resolving the primary: two live authorizations for one payment.',
    world: 'sim',
    invariant: 'no-double-money',
  },
  {
    name: 'provider-500-not-executed',
    description:
      'A provider 500 (the PSP failed while processing: the operation may have executed) is taken as "nothing happened": a definite failure, never retried, never resolved. After a 5xx-after-commit the PSP moved money the core reports as failed.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'genuine-webhooks-refused',
    description:
      "Webhooks are verified with a secret that is not the endpoint's (another environment's, or one rotated away): every genuine delivery is refused with a 4xx, so the core never hears what the PSP did on its own.",
    world: 'sim',
    invariant: 'webhook-integrity',
  },
  {
    name: 'missing-signature-accepted',
    description:
      'A webhook with no signature (no Stripe-Signature header or an empty one; no Adyen hmacSignature or an empty one) is taken as nothing to check: parsed, accepted (2xx) and applied. A wrong signature is still refused.',
    world: 'sim',
    invariant: 'webhook-integrity',
  },
  {
    name: 'retry-after-ignored',
    description:
      "A 429's Retry-After is dropped: the core retries a rate-limited call after its own short backoff (tens of milliseconds), hammering a PSP that asked it to wait. Money stays right; the PSP's request log shows retries before Retry-After elapsed.",
    world: 'sim',
    invariant: 'retry-after',
  },
  {
    name: 'received-is-final',
    description:
      "Adyen's `received` (a capture or refund accepted, its outcome to follow by notification) is booked as a final success: when the scheme refuses it later (CAPTURE / REFUND with success \"false\"), the core has already reported money the PSP never moved.",
    world: 'sim',
    drill: 'late-async-failure',
    invariant: 'agreement',
  },
  {
    name: 'currency-exponent-ignored',
    description:
      'The adapter treats every currency as having two decimals: a JPY amount (zero-decimal: yen, no minor unit) goes to the PSP multiplied by 100 and what comes back is divided by 100, so the core books ¥5,000 while the PSP moved ¥500,000.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'psp-initiated-ignored',
    description:
      'A refund the core did not ask for (made from the PSP dashboard, announced only by webhook) is ignored as "not ours": the PSP gave the money back, the core still reports it captured.',
    world: 'sim',
    invariant: 'agreement',
  },
  {
    name: 'merchant-key-unchecked',
    description:
      "The merchant's Idempotency-Key is looked up without comparing the request it came with: a key reused for another payment is answered with the first payment's stored result, so the merchant believes a payment was made that never was.",
    world: 'sim',
    drill: 'decline-mix',
    invariant: 'durability',
  },
  {
    name: 'settlement-refunds-ignored',
    description:
      "Reconciliation reads only the capture lines of the PSP's settlement report and skips its refund lines: every payment refunded that day is reported as an amount mismatch that is not there (a false alarm that buries the real gaps).",
    world: 'sim',
    drill: 'settlement-gap',
    invariant: 'maxSettlementDiscrepancies',
  },
  {
    name: 'early-webhook-unmatched',
    description:
      "A refund webhook is matched to the core's refund only by the provider's refund id, which the core stores when the API answers: an event that beats the answer finds no refund and is booked as money the PSP gave back on its own (a dashboard refund); when the answer comes the books refuse the same refund twice and the merchant gets a 500 for a refund the PSP made.",
    world: 'sim',
    drill: 'webhook-before-response',
    invariant: 'maxPlatformFailureRate',
  },
  {
    name: 'outbox-at-most-once',
    description:
      "Merchant events are relayed at most once: an event whose POST failed (the merchant's endpoint unreachable, a reset, a lost answer) is marked delivered anyway and never sent again, so the merchant never hears that its payment was authorized, captured or refunded.",
    world: 'sim',
    invariant: 'liveness',
  },
  {
    name: 'dispute-ignored',
    description:
      "A chargeback webhook (Stripe charge.dispute.created, Adyen CHARGEBACK) is acknowledged and dropped, as if only refunds moved money back: the cardholder's bank took the money, the core still reports the payment captured and nothing disputed.",
    world: 'sim',
    invariant: 'agreement',
  },
] satisfies MutantInfo[]);

export function isMutantName(value: string): value is MutantName {
  return (MUTANT_NAMES as readonly string[]).includes(value);
}
