// Webhook delivery as PSPs do it: a queue per endpoint, signed payloads, retries on the
// provider's backoff schedule (compressed by `timeScale`), at-least-once, no ordering promise.
// Nothing here owns a timer: `deliverDue()` sends what is due by the injected clock, so a wall
// clock pump (live world) or a virtual clock (simulation world) drives it.
import type { Clock, FetchLike, RandomSource } from './env.ts';
import { randomId } from './env.ts';
import { clockDeadline } from '../../spec/index.ts';
import type { ForgeryLie, ForgerySignature } from './fault-plan.ts';
import type { FaultEngine } from './faults.ts';
import { BoundedMap } from './bounded-map.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  /** Event types this endpoint receives; `*` for all. */
  enabledEvents: string[];
  createdAt: number;
}

export interface SimEvent {
  id: string;
  type: string;
  createdAt: number;
  /** The dialect's event object, as it will be serialized. */
  payload: unknown;
}

/** A forged delivery: what it claims and how it is (not) signed. */
export interface Forgery {
  lie: ForgeryLie;
  signature: ForgerySignature;
}

export interface EncodeOptions {
  /** Signing time: now for a fresh delivery, the original time for a stale replay. */
  signAt: number;
  /** Sign with a wrong key: a forgery the receiver must reject. */
  forged: boolean;
  /** For a forgery: its lie and signature (absent: the genuine content, signed with a wrong key). */
  forgery?: Forgery;
  /** Unique per delivery and safe inside ids: what a forger's made-up ids are built from. */
  tag: string;
}

/** How a dialect turns an event into an HTTP request, and what counts as acknowledged. */
export interface WebhookEncoder {
  encode(event: SimEvent, endpoint: WebhookEndpoint, options: EncodeOptions): { body: string; headers: Record<string, string> };
  isAcknowledged(status: number, body: string): boolean;
}

export type DeliveryKind = 'genuine' | 'duplicate' | 'forged' | 'stale';
export type DeliveryState = 'queued' | 'held' | 'delivered' | 'failed' | 'rejected';

export interface DeliveryAttempt {
  at: number;
  status?: number;
  error?: string;
  /** The attempt was lost in transit by a `drop` fault: the receiver never saw it. */
  lost?: boolean;
}

export interface Delivery {
  id: string;
  seq: number;
  eventId: string;
  eventType: string;
  endpointId: string;
  kind: DeliveryKind;
  state: DeliveryState;
  nextAt: number;
  holdUntil?: number;
  /** Attempts still to be lost in transit (drop fault). */
  toLose: number;
  /** Retried on failure (genuine and duplicate copies); forged and stale copies are sent once. */
  retries: boolean;
  signAt?: number;
  /** A forged copy's lie and signature. */
  forgery?: Forgery;
  attempts: DeliveryAttempt[];
}

export interface DispatcherOptions {
  clock: Clock;
  random: RandomSource;
  fetch: FetchLike;
  faults: FaultEngine;
  encoder: WebhookEncoder;
  /** Delay before each retry, in provider time (ms); its length is the retry budget. */
  retryDelaysMs: number[];
  /** Multiplies the provider's retry delays: 0.001 turns minutes into tens of milliseconds. */
  timeScale?: number;
  maxQueuedPerEndpoint?: number;
  /** Deliveries pending over all endpoints; beyond it new ones are dropped and counted. */
  maxQueued?: number;
  /** Registered endpoints at most (Stripe: 16 an account). */
  maxEndpoints?: number;
  deliveryTimeoutMs?: number;
  maxEvents?: number;
}

const DEFAULT_REORDER_HOLD_MS = 30_000;
export const DELIVERY_HEADER = 'x-gauntlet-delivery';
const MAX_FINISHED = 200_000;
const FINISHED_TRIM = MAX_FINISHED / 8;
const DEFAULT_STALE_AGE_MS = 10 * 60_000;
/**
 * Stripe: "You can register up to 16 webhook endpoints on each Stripe account"
 * (docs.stripe.com/development/dashboard/webhooks). Adyen recommends few webhooks per company
 * account and documents no number; the simulator holds both dialects to 16. Without a cap, 500
 * endpoints turned 20 payments into 30,000 queued deliveries (1 GB).
 */
export const MAX_WEBHOOK_ENDPOINTS = 16;
/** Pending deliveries over all endpoints (a bounded queue: the overflow is dropped and counted). */
export const MAX_QUEUED_DELIVERIES = 20_000;
/** Pending deliveries for one endpoint. */
export const MAX_QUEUED_PER_ENDPOINT = 10_000;

export type AddEndpointResult = { ok: true; endpoint: WebhookEndpoint } | { ok: false; message: string };

export class WebhookDispatcher {
  private readonly options: DispatcherOptions;
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  /** Events for GET /v1/events and redelivery; the oldest are forgotten past `maxEvents`, in O(1). */
  private readonly events: BoundedMap<string, SimEvent>;
  /** Deliveries still to go (queued or held), in the order they were queued. */
  private pending = new Set<Delivery>();
  /** Finished deliveries, oldest first; bounded, the oldest are forgotten. */
  private finished: Delivery[] = [];
  private readonly pendingPerEndpoint = new Map<string, number>();
  private readonly counts: Record<DeliveryState, number> = { queued: 0, held: 0, delivered: 0, failed: 0, rejected: 0 };
  private seq = 0;
  private overflowed = 0;
  private running: Promise<unknown> = Promise.resolve();
  /** deliverDue and flush calls started and not yet ended. */
  private calls = 0;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.events = new BoundedMap(options.maxEvents ?? 100_000);
  }

  /** Registers an endpoint; throws past the endpoint cap (surfaces use `tryAddEndpoint`). */
  addEndpoint(init: { url: string; secret: string; enabledEvents?: string[]; id?: string }): WebhookEndpoint {
    const added = this.tryAddEndpoint(init);
    if (!added.ok) throw new Error(added.message);
    return added.endpoint;
  }

  /** Registers an endpoint unless the simulator already holds its maximum. */
  tryAddEndpoint(init: { url: string; secret: string; enabledEvents?: string[]; id?: string }): AddEndpointResult {
    const max = this.maxEndpoints();
    if (this.endpoints.size >= max && !(init.id !== undefined && this.endpoints.has(init.id))) {
      return { ok: false, message: `the maximum of ${max} webhook endpoints is registered: delete one first` };
    }
    const endpoint: WebhookEndpoint = {
      id: init.id ?? randomId(this.options.random, 'we_', 24),
      url: init.url,
      secret: init.secret,
      enabledEvents: init.enabledEvents?.length ? init.enabledEvents : ['*'],
      createdAt: this.options.clock.now(),
    };
    this.endpoints.set(endpoint.id, endpoint);
    return { ok: true, endpoint };
  }

  maxEndpoints(): number {
    return this.options.maxEndpoints ?? MAX_WEBHOOK_ENDPOINTS;
  }

  endpoint(id: string): WebhookEndpoint | undefined {
    return this.endpoints.get(id);
  }

  listEndpoints(): WebhookEndpoint[] {
    return [...this.endpoints.values()];
  }

  /** How many endpoints want events of `type` (what emit will queue it for), without a list per event. */
  subscriberCount(type: string): number {
    let n = 0;
    for (const endpoint of this.endpoints.values()) if (endpoint.enabledEvents.includes('*') || endpoint.enabledEvents.includes(type)) n++;
    return n;
  }

  deleteEndpoint(id: string): boolean {
    for (const d of this.pending) if (d.endpointId === id) this.setState(d, 'failed');
    return this.endpoints.delete(id);
  }

  event(id: string): SimEvent | undefined {
    return this.events.get(id);
  }

  listEvents(): SimEvent[] {
    return [...this.events.values()];
  }

  /** Records an event and queues it for every endpoint that wants it, shaped by webhook faults. */
  emit(event: SimEvent): void {
    this.events.set(event.id, event);
    for (const endpoint of this.endpoints.values()) {
      if (!endpoint.enabledEvents.includes('*') && !endpoint.enabledEvents.includes(event.type)) continue;
      this.enqueueFor(event, endpoint);
    }
  }

  /** Sends every delivery that is due now. Calls are serialized. */
  deliverDue(): Promise<Delivery[]> {
    // With no call running and nothing due, there is nothing to wait for or send: a pump asks
    // every 250 ms of virtual time, mostly for nothing, and each ask chained two promises.
    if (this.calls === 0 && !this.anyDue()) return Promise.resolve([]);
    return this.serialized(() => this.sendWhere((d) => this.isDue(d)));
  }

  /** `work` after every earlier call (deliverDue, flush) has ended. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    this.calls++;
    const run = this.running.then(work).finally(() => this.calls--);
    this.running = run.catch(() => undefined);
    return run;
  }

  private anyDue(): boolean {
    for (const d of this.pending) if (this.isDue(d)) return true;
    return false;
  }

  /**
   * Sends everything still pending now, ignoring scheduled times and holds, round after round
   * until nothing is pending or the retry budget is spent. Stale replays are the exception: they
   * are stale only because time passed, so they wait for their time (advance the clock).
   */
  flush(): Promise<Delivery[]> {
    return this.serialized(async () => {
      const sent: Delivery[] = [];
      const now = this.options.clock.now();
      for (let round = 0; round <= this.options.retryDelaysMs.length + 20; round++) {
        const batch = await this.sendWhere((d) => (d.state === 'queued' || d.state === 'held') && !(d.kind === 'stale' && d.nextAt > now));
        if (batch.length === 0) break;
        sent.push(...batch);
      }
      return sent;
    });
  }

  /** When the next delivery falls due, for a pump or a virtual clock to wake up. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const d of this.pending) {
      const at = d.state === 'queued' ? d.nextAt : d.state === 'held' ? d.holdUntil : undefined;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Every delivery still remembered, finished ones first, each group in queueing order. */
  list(): readonly Delivery[] {
    const from = Math.max(0, this.finished.length - MAX_FINISHED);
    return [...this.finished.slice(from), ...this.pending];
  }

  summary(): { queued: number; held: number; delivered: number; failed: number; rejected: number; overflowed: number } {
    return { ...this.counts, overflowed: this.overflowed };
  }

  clear(): void {
    this.endpoints.clear();
    this.events.clear();
    this.pending.clear();
    this.finished = [];
    this.pendingPerEndpoint.clear();
    for (const state of Object.keys(this.counts) as DeliveryState[]) this.counts[state] = 0;
    this.overflowed = 0;
  }

  private enqueueFor(event: SimEvent, endpoint: WebhookEndpoint): void {
    const now = this.options.clock.now();
    const effects = this.options.faults.decideWebhook({ eventId: event.id, eventType: event.type, endpointId: endpoint.id });
    const base = { eventId: event.id, eventType: event.type, endpointId: endpoint.id, attempts: [] as DeliveryAttempt[] };
    let delay = 0;
    let toLose = 0;
    let hold: number | undefined;
    const extras: Omit<Delivery, 'id' | 'seq'>[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'delay':
          delay += effect.ms;
          break;
        case 'drop':
          toLose += effect.attempts ?? 1;
          break;
        case 'reorder':
          hold = effect.maxHoldMs ?? DEFAULT_REORDER_HOLD_MS;
          break;
        case 'duplicate':
          for (let i = 0; i < (effect.copies ?? 1); i++) {
            extras.push({ ...base, attempts: [], kind: 'duplicate', state: 'queued', nextAt: now, toLose: 0, retries: true });
          }
          break;
        case 'bad_signature':
          extras.push({ ...base, attempts: [], kind: 'forged', state: 'queued', nextAt: now, toLose: 0, retries: false, forgery: { lie: 'none', signature: 'wrong_secret' } });
          break;
        case 'forge':
          extras.push({
            ...base,
            attempts: [],
            kind: 'forged',
            state: 'queued',
            nextAt: now,
            toLose: 0,
            retries: false,
            forgery: { lie: effect.lie ?? 'refund', signature: effect.signature ?? 'wrong_secret' },
          });
          break;
        case 'stale':
          extras.push({
            ...base,
            attempts: [],
            kind: 'stale',
            state: 'queued',
            nextAt: now + (effect.ageMs ?? DEFAULT_STALE_AGE_MS),
            toLose: 0,
            retries: false,
            signAt: event.createdAt,
          });
          break;
      }
    }
    const genuine: Omit<Delivery, 'id' | 'seq'> = {
      ...base,
      kind: 'genuine',
      state: hold !== undefined ? 'held' : 'queued',
      nextAt: now + delay,
      toLose,
      retries: true,
      ...(hold !== undefined ? { holdUntil: now + delay + hold } : {}),
    };
    // A forgery is sent ahead of the genuine event: the receiver must not be fooled by arriving first.
    const ordered = [...extras.filter((e) => e.kind === 'forged'), genuine, ...extras.filter((e) => e.kind !== 'forged')];
    for (const d of ordered) this.push(d);
  }

  private push(d: Omit<Delivery, 'id' | 'seq'>): void {
    const max = this.options.maxQueuedPerEndpoint ?? MAX_QUEUED_PER_ENDPOINT;
    if ((this.pendingPerEndpoint.get(d.endpointId) ?? 0) >= max || this.pending.size >= (this.options.maxQueued ?? MAX_QUEUED_DELIVERIES)) {
      this.overflowed += 1;
      return;
    }
    this.seq += 1;
    const delivery: Delivery = { ...d, id: `whd_${this.seq}`, seq: this.seq };
    this.pending.add(delivery);
    this.pendingPerEndpoint.set(d.endpointId, (this.pendingPerEndpoint.get(d.endpointId) ?? 0) + 1);
    this.counts[delivery.state] += 1;
  }

  /** Moves a delivery to `state`, keeping the pending set, the per-endpoint counts and the tallies true. */
  private setState(d: Delivery, state: DeliveryState): void {
    if (d.state === state) return;
    this.counts[d.state] -= 1;
    this.counts[state] += 1;
    d.state = state;
    if (state === 'queued' || state === 'held') return;
    if (this.pending.delete(d)) {
      this.pendingPerEndpoint.set(d.endpointId, (this.pendingPerEndpoint.get(d.endpointId) ?? 1) - 1);
      this.finished.push(d);
      // Keep memory bounded: forget the oldest finished deliveries, an eighth at a time, so the
      // copy is amortised O(1) per delivery instead of a 200k-element shift every time.
      if (this.finished.length > MAX_FINISHED + FINISHED_TRIM) this.finished.splice(0, this.finished.length - MAX_FINISHED);
    }
  }

  private isDue(d: Delivery): boolean {
    const now = this.options.clock.now();
    if (d.state === 'queued') return d.nextAt <= now;
    if (d.state === 'held') return d.holdUntil !== undefined && d.holdUntil <= now;
    return false;
  }

  private async sendWhere(pick: (d: Delivery) => boolean): Promise<Delivery[]> {
    const batch = Array.from(this.pending).filter(pick).sort((a, b) => a.nextAt - b.nextAt || a.seq - b.seq);
    for (const d of batch) await this.attempt(d);
    return batch;
  }

  private async attempt(d: Delivery): Promise<void> {
    const endpoint = this.endpoints.get(d.endpointId);
    const event = this.events.get(d.eventId);
    const now = this.options.clock.now();
    if (!endpoint || !event) {
      this.setState(d, 'failed');
      d.attempts.push({ at: now, error: 'endpoint or event no longer exists' });
      return;
    }
    if (d.toLose > 0) {
      d.toLose -= 1;
      d.attempts.push({ at: now, lost: true, error: 'lost in transit (drop fault)' });
      this.afterFailure(d);
      return;
    }
    const encoded = this.options.encoder.encode(event, endpoint, {
      signAt: d.signAt ?? now,
      forged: d.kind === 'forged',
      ...(d.forgery ? { forgery: d.forgery } : {}),
      tag: `whd${d.seq}`,
    });
    const body = encoded.body;
    // Names the delivery, so a harness watching the wire can tell a forged or stale copy from the
    // genuine one; a receiver must ignore it (it is not signed).
    const headers = { ...encoded.headers, [DELIVERY_HEADER]: d.id };
    const attempt: DeliveryAttempt = { at: now };
    d.attempts.push(attempt);
    try {
      const { status, text } = await this.post(endpoint.url, body, headers);
      attempt.status = status;
      if (this.options.encoder.isAcknowledged(status, text)) {
        this.setState(d, 'delivered');
        if (d.kind === 'genuine' || d.kind === 'duplicate') this.releaseHeld(d);
        return;
      }
    } catch (err) {
      attempt.error = err instanceof Error ? err.message : String(err);
    }
    this.afterFailure(d);
  }

  private afterFailure(d: Delivery): void {
    if (!d.retries) {
      // Forged and stale copies are meant to be refused; a 4xx for them is the right answer.
      this.setState(d, 'rejected');
      return;
    }
    const retryIndex = d.attempts.length - 1;
    const delay = this.options.retryDelaysMs[retryIndex];
    if (delay === undefined) {
      this.setState(d, 'failed');
      return;
    }
    this.setState(d, 'queued');
    d.nextAt = this.options.clock.now() + Math.max(0, Math.round(delay * (this.options.timeScale ?? 1)));
  }

  /** A later event reached the endpoint: the events held back for reordering go now. */
  private releaseHeld(after: Delivery): void {
    const now = this.options.clock.now();
    for (const d of this.pending) {
      if (d.state === 'held' && d.endpointId === after.endpointId && d.seq < after.seq) {
        this.setState(d, 'queued');
        d.nextAt = Math.max(d.nextAt, now);
        delete d.holdUntil;
      }
    }
  }

  private async post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const timeoutMs = this.options.deliveryTimeoutMs ?? 10_000;
    const deadline = clockDeadline(this.options.clock, timeoutMs);
    const request = (async () => {
      const res = await this.options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Gauntlet-Simulator/1.0', ...headers },
        body,
        signal: deadline.signal,
      });
      const text = (await res.text()).slice(0, 4096);
      return { status: res.status, text };
    })();
    try {
      return await request;
    } catch (err) {
      if (deadline.signal.aborted) throw new Error(`no answer within ${timeoutMs} ms`);
      throw err;
    } finally {
      deadline.clear();
    }
  }
}
