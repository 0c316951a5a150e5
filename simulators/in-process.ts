// The simulation world's network: `fetch` calls routed to Hono apps by origin, no sockets. A
// dropped-connection marker becomes what a real client sees when the socket dies: a rejected
// fetch. An abort signal is honoured like a real client timeout.
import { isDropped, type FetchLike } from './kernel/index.ts';
import { hopSignal, inProcessRequest } from './in-process-request.ts';

export interface InProcessApp {
  fetch(request: Request): Response | Promise<Response>;
}

export class InProcessNetworkError extends TypeError {
  readonly url: string;
  readonly reason: 'connection_dropped' | 'no_route' | 'aborted';
  constructor(
    url: string,
    reason: 'connection_dropped' | 'no_route' | 'aborted',
  ) {
    super(`fetch failed: ${reason} (${url})`);
    this.url = url;
    this.reason = reason;
  }
}

/** `routes` maps an origin (`http://stripe.sim`) to the app that answers it. */
export function inProcessFetch(routes: Record<string, InProcessApp>): FetchLike {
  return async (input, init) => {
    // A Request handed over as it is goes on as it is: wrapping it again moves its body through
    // a TransformStream, per hop.
    const request = input instanceof Request ? (init === undefined ? input : new Request(input, init)) : inProcessRequest(String(input), init);
    const origin = new URL(request.url).origin;
    const app = routes[origin];
    if (!app) throw new InProcessNetworkError(request.url, 'no_route');
    const signal = init?.signal ?? hopSignal(request);
    if (signal?.aborted) throw new InProcessNetworkError(request.url, 'aborted');
    const answer = Promise.resolve(app.fetch(request)).then((res) => {
      if (isDropped(res)) throw new InProcessNetworkError(request.url, 'connection_dropped');
      return res;
    });
    if (!signal) return answer;
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(new InProcessNetworkError(request.url, 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}
