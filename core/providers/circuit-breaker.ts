// One breaker per provider: after `threshold` consecutive failures (provider errors or
// indeterminate calls) it opens for `cooldownMs`; then one trial call decides whether it closes.
// While open, calls are refused before they leave the core: definitely not executed.

export type BreakerState = 'closed' | 'open' | 'half_open';

export class CircuitBreaker {
  private readonly now: () => number;
  readonly threshold: number;
  readonly cooldownMs: number;
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    now: () => number,
    threshold = 5,
    cooldownMs = 10_000,
  ) {
    this.now = now;
    this.threshold = threshold;
    this.cooldownMs = cooldownMs;
  }

  state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  /** Whether a call may go out now; in half-open, only one trial at a time. */
  allow(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.openedAt !== undefined || this.failures >= this.threshold) this.openedAt = this.now();
  }
}
