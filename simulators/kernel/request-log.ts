// The PSP's access log: every API request that reached the edge, with when it came, what it asked,
// under which idempotency key, about which payment, and what it was answered (a 429's Retry-After
// included). Evidence for etiquette rules the ledger cannot show, such as a client that retries
// before the Retry-After it was given has passed. Bounded: the oldest entries go first.

export interface RequestLogEntry {
  /** Simulator time the request arrived, ms since epoch. */
  at: number;
  /** Simulator time the answer left (after any injected latency); Retry-After counts from here. */
  answeredAt: number;
  requestId: string;
  /** Dialect operation, e.g. `stripe.payment_intents.capture`, `adyen.captures`. */
  operation: string;
  method: string;
  path: string;
  idempotencyKey?: string;
  /** The PSP's id of the payment the request is about, when the path names one. */
  paymentId?: string;
  /** HTTP status answered; 0 when the connection was dropped instead. */
  status: number;
  /** The Retry-After the answer carried, in ms. */
  retryAfterMs?: number;
}

const MAX_ENTRIES = 20_000;
/** The oldest entries are let go this many at a time: a shift per request copied 20k slots. */
const TRIM = MAX_ENTRIES / 8;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private droppedCount = 0;

  append(entry: RequestLogEntry): void {
    this.entries.push(Object.freeze({ ...entry }));
    if (this.entries.length > MAX_ENTRIES + TRIM) {
      const over = this.entries.length - MAX_ENTRIES;
      this.entries = this.entries.slice(over);
      this.droppedCount += over;
    }
  }

  /** The newest MAX_ENTRIES entries, oldest first. */
  all(): readonly RequestLogEntry[] {
    const over = this.entries.length - MAX_ENTRIES;
    return over > 0 ? this.entries.slice(over) : this.entries;
  }

  /** How many of the oldest entries were let go to stay bounded. */
  dropped(): number {
    return this.droppedCount + Math.max(0, this.entries.length - MAX_ENTRIES);
  }

  clear(): void {
    this.entries = [];
    this.droppedCount = 0;
  }
}

/** Retry-After as the simulators send it (whole seconds), in ms; undefined when absent or not a number. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
