// A Response for the in-process network that builds the real one only when asked for more than a
// hop usually needs. Hono answers with `new Response(string, init)`; an undici Response turns the
// string into a body stream, and the caller's `text()` or `json()` reads that stream back through a
// TextDecoder: about a tenth of an explored run went there. Most hops read the answer once, whole.
// The pattern is @hono/node-server's lightweight Response (which that adapter installs as the
// global Response in every Hono server process): the class's prototype chain ends in
// Response.prototype, so `instanceof Response` holds, and every property or method not answered
// here comes from a real Response built on first use. Unlike that one, text() and json() answer
// from the string itself.
//
// It takes effect only where it is installed as the global Response (installLightResponse): the
// simulation world installs it, since its apps never write to a socket; the live servers keep
// @hono/node-server's own.

const RealResponse: typeof Response = globalThis.Response;
const TEXT_PLAIN = 'text/plain;charset=UTF-8';

type Answer = { status: number; statusText: string; headers: HeadersInit | undefined; body: string | null };

/** The real Response behind a light one (a symbol: the accessors below reach it from the prototype). */
const BUILT = Symbol('built');

class LightResponse {
  /** What the hop answered, while the real Response is not built; undefined once it is. */
  #answer: Answer | undefined;
  #real: Response | undefined;
  #used = false;
  /** The answer's own Headers, made on first use (a copy, as the real constructor makes). */
  #headers: Headers | undefined;

  static [Symbol.hasInstance](instance: unknown): boolean {
    return instance instanceof RealResponse;
  }

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    const plainInit = init === undefined || !(init instanceof RealResponse);
    if (plainInit && (body === undefined || body === null || typeof body === 'string')) {
      this.#answer = { status: init?.status ?? 200, statusText: init?.statusText ?? '', headers: init?.headers, body: body ?? null };
      if (this.#answer.status < 200 || this.#answer.status > 599) {
        // Let the real constructor throw its own RangeError for an impossible status.
        this.#real = new RealResponse(body, init);
      }
    } else {
      this.#real = new RealResponse(body, init instanceof LightResponse ? init[BUILT]() : init);
    }
  }

  /** The real Response behind this one, built on first use from what the hop answered. */
  [BUILT](): Response {
    if (this.#real === undefined) {
      const a = this.#answer!;
      this.#real = new RealResponse(this.#used ? null : a.body, { status: a.status, statusText: a.statusText, headers: this.headers });
      this.#answer = undefined;
    }
    return this.#real;
  }

  get status(): number {
    return this.#answer?.status ?? this[BUILT]().status;
  }
  get ok(): boolean {
    const s = this.status;
    return s >= 200 && s < 300;
  }
  get statusText(): string {
    return this.#answer?.statusText ?? this[BUILT]().statusText;
  }
  get headers(): Headers {
    const a = this.#answer;
    if (a === undefined) return this[BUILT]().headers;
    if (this.#headers === undefined) {
      this.#headers = new Headers(a.headers);
      if (a.body !== null && !this.#headers.has('content-type')) this.#headers.set('content-type', TEXT_PLAIN);
    }
    return this.#headers;
  }
  get bodyUsed(): boolean {
    return this.#used || this[BUILT]().bodyUsed;
  }

  /** The body as answered, once, without a stream; a second read fails as on a real Response. */
  #takeText(): Promise<string> | undefined {
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    const a = this.#answer;
    if (a === undefined) return undefined;
    this.#used = true;
    return Promise.resolve(a.body ?? '');
  }

  text(): Promise<string> {
    return this.#takeText() ?? this[BUILT]().text();
  }
  json(): Promise<unknown> {
    const text = this.#takeText();
    return text ? text.then((t) => JSON.parse(t) as unknown) : this[BUILT]().json();
  }
  clone(): Response {
    const a = this.#answer;
    if (a === undefined || this.#used) return this[BUILT]().clone();
    return new LightResponse(a.body, { status: a.status, statusText: a.statusText, headers: new Headers(this.headers) }) as unknown as Response;
  }
}

// Everything else (body, arrayBuffer, bytes, blob, formData, type, url, redirected, ...) is the real one's.
for (const key of ['body', 'type', 'url', 'redirected'] as const) {
  Object.defineProperty(LightResponse.prototype, key, {
    get(this: LightResponse) {
      return this[BUILT]()[key];
    },
  });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'formData'] as const) {
  Object.defineProperty(LightResponse.prototype, key, {
    value(this: LightResponse) {
      return this[BUILT]()[key]();
    },
  });
}
Object.setPrototypeOf(LightResponse, RealResponse);
Object.setPrototypeOf(LightResponse.prototype, RealResponse.prototype);

/**
 * Installs the light Response as the global one (once; idempotent) and says whether it is in
 * place. Every `new Response(...)` in this process makes one from then on.
 */
export function installLightResponse(): void {
  if (globalThis.Response !== (LightResponse as unknown as typeof Response)) {
    Object.defineProperty(globalThis, 'Response', { value: LightResponse, writable: true, configurable: true });
  }
}

export { LightResponse };
