// The simulation world's network, with a nemesis in it: every in-process call between the SUT and
// a simulator (and every webhook back) crosses this, and a fault set on an origin shapes it the
// way a broken network would: latency, a request lost on the way (nothing executed), a response
// lost on the way back (the PSP committed, the caller never hears), or a reset.
import type { Scheduler } from 'fast-check';
import { InProcessNetworkError, inProcessFetch, inProcessRequest, type Clock, type FetchLike, type InProcessApp } from '../../simulators/index.ts';

export type NetworkFault =
  | { type: 'latency'; ms: number }
  | { type: 'drop_request' }
  | { type: 'drop_response' }
  | { type: 'reset' };

/** What an observer sees of a hop: the request's address and headers, the answer's status. */
export interface WireObserver {
  /**
   * Called after each request that reached its app, with the status it answered (none when the
   * app threw). Bodies are not shown: a copy of each (a stream tee per hop) was most of a hop's cost.
   */
  (request: { url: string; headers: Headers }, response: { status: number } | undefined): void;
}

export class InProcessNetwork {
  private readonly clock: Clock;
  readonly routes: Record<string, InProcessApp> = {};
  private readonly faults = new Map<string, NetworkFault>();
  /** Per fault key: how many requests crossed while its fault was set (reset when set again). */
  private readonly touched = new Map<string, number>();
  private readonly deliver: FetchLike;
  observer: WireObserver | undefined;
  /**
   * fast-check's scheduler, when the run has one: every request and every response waits at the
   * wire until the scheduler lets it through, so concurrent operations and webhook deliveries
   * interleave in the order it decides (seeded, shrinkable, replayable), not in the order the
   * event loop happens to run them. Whoever waits on the world must drive it (SimWorld does).
   */
  interleaver: Scheduler | undefined;

  constructor(clock: Clock) {
    this.clock = clock;
    this.deliver = inProcessFetch(this.routes);
  }

  /** A fault on an origin (`http://core.sim`), or on a path under it (`http://core.sim/v1/webhooks`). */
  set(origin: string, fault: NetworkFault): void {
    this.faults.set(origin, fault);
    this.touched.set(origin, 0);
  }

  /** How many requests the fault set on this key touched since it was set. */
  hits(origin: string): number {
    return this.touched.get(origin) ?? 0;
  }

  heal(origin?: string): void {
    if (origin) this.faults.delete(origin);
    else this.faults.clear();
  }

  active(): [string, NetworkFault][] {
    return [...this.faults];
  }

  private faultUnderPath(url: string): [string, NetworkFault] | undefined {
    for (const [key, fault] of this.faults) if (key.includes('/', key.indexOf('//') + 2) && url.startsWith(key)) return [key, fault];
    return undefined;
  }

  readonly fetch: FetchLike = (input, init) => this.send(input, init, true);

  /**
   * The same hop through the same faults, but not through the interleaver: for traffic that races
   * nothing the money depends on (merchant events relayed between steps), so the scheduler's
   * decisions, and every (seed, path) replay, stay what they were.
   */
  readonly fetchUnscheduled: FetchLike = (input, init) => this.send(input, init, false);

  private async send(input: Parameters<FetchLike>[0], init: Parameters<FetchLike>[1], scheduled: boolean): Promise<Response> {
    const interleaver = scheduled ? this.interleaver : undefined;
    const request = input instanceof Request ? (init === undefined ? input : new Request(input, init)) : inProcessRequest(String(input), init);
    const origin = new URL(request.url).origin;
    const hop = `${request.method} ${request.url}`;
    if (interleaver) await interleaver.schedule(Promise.resolve(), `request ${hop}`);
    const [key, fault] = this.faults.has(origin) ? [origin, this.faults.get(origin)] : (this.faultUnderPath(request.url) ?? []);
    if (key !== undefined) this.touched.set(key, (this.touched.get(key) ?? 0) + 1);
    if (fault?.type === 'latency') await this.clock.sleep(fault.ms);
    if (fault?.type === 'drop_request' || fault?.type === 'reset') throw new InProcessNetworkError(request.url, 'connection_dropped');
    let response: Response | undefined;
    try {
      response = await this.deliver(request);
    } finally {
      this.observer?.({ url: request.url, headers: request.headers }, response);
    }
    if (interleaver) await interleaver.schedule(Promise.resolve(), `response ${hop}`);
    if (fault?.type === 'drop_response') throw new InProcessNetworkError(request.url, 'connection_dropped');
    return response!;
  }
}
