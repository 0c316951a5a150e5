// A Request for the in-process network that builds the real one only when asked for more than a
// hop usually needs. Most in-process hops send a string body and are read once as text or JSON:
// building an undici Request for them (an AbortSignal, a body stream, a stream read back) was the
// largest single cost of an explored run. The pattern is @hono/node-server's lightweight request:
// the object's prototype chain ends in Request.prototype, so `instanceof Request` holds, and every
// property or method not answered here comes from a real Request built on first use.

interface Init {
  method: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** The real Request behind `r`, built on first use from what the hop was sent with. */
function realRequest(r: LightRequest): Request {
  if (r.built === undefined) {
    const init: RequestInit = { method: r.init.method, headers: r.init.headers };
    if (r.init.body !== undefined && !r.used) init.body = r.init.body;
    if (r.init.signal) init.signal = r.init.signal;
    r.built = new Request(r.url, init);
  }
  return r.built;
}

class LightRequest {
  readonly url: string;
  readonly init: Init;
  built: Request | undefined;
  used = false;
  constructor(
    url: string,
    init: Init,
  ) {
    this.url = url;
    this.init = init;
  }

  get method(): string {
    return this.init.method;
  }
  get headers(): Headers {
    return this.built?.headers ?? this.init.headers;
  }
  get signal(): AbortSignal {
    return realRequest(this).signal;
  }
  get bodyUsed(): boolean {
    return this.built?.bodyUsed ?? this.used;
  }

  /** The body as sent, once, without a stream; a second read fails as on a real Request. */
  private takeText(): Promise<string> | undefined {
    if (this.built !== undefined) return undefined;
    if (this.used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.used = true;
    return Promise.resolve(this.init.body ?? '');
  }

  text(): Promise<string> {
    return this.takeText() ?? realRequest(this).text();
  }
  json(): Promise<unknown> {
    const text = this.takeText();
    return text ? text.then((t) => JSON.parse(t) as unknown) : realRequest(this).json();
  }
}

for (const key of ['body', 'cache', 'credentials', 'destination', 'duplex', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy']) {
  Object.defineProperty(LightRequest.prototype, key, {
    get(this: LightRequest) {
      return (realRequest(this) as unknown as Record<string, unknown>)[key];
    },
  });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData']) {
  Object.defineProperty(LightRequest.prototype, key, {
    value(this: LightRequest) {
      const r = realRequest(this) as unknown as Record<string, () => unknown>;
      return r[key]!.call(r);
    },
  });
}
Object.setPrototypeOf(LightRequest.prototype, Request.prototype);

/**
 * The abort signal a hop was sent with: a light request's own (asking a Request for `.signal`
 * builds one that follows it), a real request's `.signal` otherwise.
 */
export function hopSignal(request: Request): AbortSignal | undefined {
  return request instanceof LightRequest ? (request.built?.signal ?? request.init.signal) : request.signal;
}

/** Methods a Request upper-cases (the fetch standard's "normalize"); others are kept as sent. */
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * A Request for `url` and `init`, light when `init` is what in-process callers send (a string body
 * or none, headers, a method, a signal), a real one otherwise. A string body gets the
 * Content-Length a real client would send with it.
 */
export function inProcessRequest(url: string, init: RequestInit | undefined): Request {
  const body = init?.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return new Request(url, init);
  const upper = (init?.method ?? 'GET').toUpperCase();
  const method = NORMALIZED.has(upper) ? upper : (init?.method ?? 'GET');
  if ((method === 'GET' || method === 'HEAD') && typeof body === 'string') return new Request(url, init); // the real one throws, as it must
  const headers = new Headers(init?.headers);
  if (typeof body === 'string' && !headers.has('content-length')) headers.set('content-length', String(Buffer.byteLength(body)));
  if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  return new LightRequest(url, { method, headers, body: body ?? undefined, signal: init?.signal ?? undefined }) as unknown as Request;
}
