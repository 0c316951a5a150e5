// One API request, start to finish: read the parameters, claim the idempotency key, pass the
// fault plan's edge (latency, injected errors, dropped connections, forced declines), validate,
// run the handler, save the answer for replay when the endpoint executed, release the key when
// it did not.
import { atTheEdge, textProblem, type EdgeResponses, type RequestTarget } from '../kernel/index.ts';
import type { Dialect, Handler, RequestContext } from './context.ts';
import { StripeApiError, apiError, errorBody, invalidRequest, type StripeErrorBody } from './errors.ts';
import { FormError, parseForm, type FormObject } from './form.ts';
import { claim } from './idempotency.ts';
import { validate, type Schema } from './params.ts';
import { STRIPE_API_VERSION } from './policy.ts';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  operation: string;
  schema: Schema;
  handler: Handler;
}

export interface RequestInfo {
  raw: Request;
  path: string;
  pathParams: Record<string, string>;
  requestId: string;
  apiKey: string;
}

const VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store', ...headers },
  });
}

export function errorResponse(status: number, error: StripeErrorBody, headers: Record<string, string> = {}): Response {
  return json(status, { error }, headers);
}

export const edgeResponses: EdgeResponses = {
  error(status, code, message) {
    const type = status >= 500 ? 'api_error' : status === 402 ? 'card_error' : 'invalid_request_error';
    const fallback = status >= 500 ? 'An unknown error occurred. Please try again later.' : `Injected error (HTTP ${status}).`;
    return errorResponse(status, errorBody(type, message ?? fallback, code !== undefined ? { code } : {}));
  },
  rateLimited(retryAfterSeconds) {
    return errorResponse(
      429,
      errorBody('invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' }),
      { 'retry-after': String(retryAfterSeconds) },
    );
  },
};

async function readParams(req: Request, method: string): Promise<FormObject> {
  if (method !== 'POST') return parseForm(new URL(req.url).search.slice(1));
  const text = await req.text();
  if (text.length === 0) return {};
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw invalidRequest(
      `Invalid request: the body must be form-encoded (Content-Type: application/x-www-form-urlencoded), not ${type || 'untyped'}. See https://stripe.com/docs/api for how to pass parameters.`,
    );
  }
  return parseForm(text);
}

export async function runOperation(d: Dialect, route: Route, info: RequestInfo): Promise<Response> {
  const { kernel } = d;
  const version = info.raw.headers.get('stripe-version') ?? STRIPE_API_VERSION;
  // Every answer carries its Request-Id from here, in the headers it is built with: stamping it
  // afterwards (app.ts does for answers made elsewhere) turns node-server's plain header record
  // into a web Headers object, per request.
  const common: Record<string, string> = { 'request-id': info.requestId, 'stripe-version': version };
  const key = info.raw.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && route.method === 'POST') common['idempotency-key'] = key;

  let raw: FormObject;
  try {
    if (!VERSION.test(version)) throw invalidRequest(`Invalid Stripe API version: ${version}`);
    for (const name in info.pathParams) {
      const problem = textProblem(info.pathParams[name]!);
      if (problem) throw invalidRequest(`Invalid ${name} in the URL: it ${problem}.`, { param: name });
    }
    raw = await readParams(info.raw, route.method);
  } catch (err) {
    if (err instanceof FormError) return errorResponse(400, errorBody('invalid_request_error', err.message, err.param ? { param: err.param } : {}), common);
    if (err instanceof StripeApiError) return errorResponse(err.status, err.body, common);
    throw err;
  }

  // The key and the payment go to the PSP's request log (retry etiquette), not to rule matching.
  const paymentId = route.path.startsWith('/v1/payment_intents/:id') ? info.pathParams.id : route.operation === 'stripe.refunds.create' && typeof raw.payment_intent === 'string' ? raw.payment_intent : undefined;
  // Optional fields are assigned, not spread in: a conditional spread allocates and copies per request.
  const target: RequestTarget = { operation: route.operation, method: route.method, path: info.path, requestId: info.requestId };
  if (key !== undefined && route.method === 'POST') target.idempotencyKey = key;
  if (paymentId !== undefined) target.paymentId = paymentId;
  const claimed = claim(kernel, info.apiKey, key, route.method, route.path, raw);
  // The answer built here carries its Request-Id; anything else atTheEdge returns is the edge's
  // own (an injected error, a rate limit, a dropped connection), rare, and stamped afterwards.
  let built: Response | undefined;
  if (claimed.kind === 'answered') {
    const saved = claimed.saved;
    if (saved) {
      // A replay crosses the same network as any request: the edge's faults apply to it too.
      const replayed = await atTheEdge(kernel, target, edgeResponses, async () => {
        built = new Response(saved.body, { status: saved.status, headers: { ...saved.headers, ...common, 'idempotent-replayed': 'true' } });
        return built;
      });
      if (replayed !== built) replayed.headers.set('request-id', info.requestId);
      return replayed;
    }
    return errorResponse(claimed.status, claimed.body!.error, common);
  }

  try {
    const answered = await atTheEdge(kernel, target, edgeResponses, async (edge) => {
      const ctx: RequestContext = { dialect: d, operation: route.operation, requestId: info.requestId, apiVersion: version };
      if (claimed.kind === 'claimed') ctx.idempotencyKey = claimed.key;
      if (edge.forcedDecline) ctx.forcedDecline = edge.forcedDecline;
      const { status, body, save } = await execute(ctx, route, raw, info.pathParams);
      const text = JSON.stringify(body, null, 2);
      const headers = { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store' };
      if (claimed.kind === 'claimed' && save) {
        kernel.idempotency.complete(claimed.scope, claimed.key, { status, headers: { ...headers, 'original-request': info.requestId }, body: text });
      }
      built = new Response(text, { status, headers: { ...headers, ...common } });
      return built;
    });
    if (answered !== built) answered.headers.set('request-id', info.requestId);
    return answered;
  } finally {
    // A key whose request never executed (validation error, injected fault) can be used again.
    if (claimed.kind === 'claimed') kernel.idempotency.release(claimed.scope, claimed.key);
  }
}

/** Runs the handler; `save` says whether Stripe would keep the answer under the idempotency key. */
async function execute(ctx: RequestContext, route: Route, raw: FormObject, pathParams: Record<string, string>): Promise<{ status: number; body: unknown; save: boolean }> {
  try {
    const params = validate(raw, route.schema);
    const result = await route.handler(ctx, params, pathParams);
    return { ...result, save: true };
  } catch (err) {
    if (err instanceof StripeApiError) return { status: err.status, body: { error: err.body }, save: err.phase === 'execution' };
    // An unexpected failure once the endpoint ran: Stripe saves its 500s too, so a retry cannot
    // run a half-finished operation a second time.
    return { status: 500, body: { error: apiError(`An unknown error occurred while processing ${route.operation} (${describe(err)}).`) }, save: true };
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
