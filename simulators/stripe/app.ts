// The HTTP face: Stripe's API under /v1 (request ids, body limit, API keys, the routes, Stripe's
// 404 and 500) and Gauntlet's control API under /__gauntlet.
import { Hono, type Context, type Next } from 'hono';
import { MAX_BODY_BYTES, controlRoutes, declaredBody, honoOptions, streamedBodyLimit } from '../kernel/index.ts';
import { authenticate } from './auth.ts';
import type { Dialect } from './context.ts';
import { dashboardRefund } from './dashboard-refunds.ts';
import { openDispute } from './disputes.ts';
import { apiError, errorBody } from './errors.ts';
import { errorResponse, runOperation } from './operation.ts';
import { stripeProviderStates } from './provider-states.ts';
import { ROUTES } from './routes.ts';

type Env = { Variables: { requestId: string; apiKey: string; requestIdSent: boolean } };

const CONTROL = '/__gauntlet';

export function buildApp(d: Dialect): Hono {
  const { kernel } = d;
  const app = new Hono<Env>(honoOptions<Env>(kernel));

  // One middleware in front of everything, doing in order what Stripe's edge does: draw the
  // Request-Id (not for control calls, so polling the control API never shifts the ids the API
  // hands out), refuse a body over the limit (413), authenticate /v1 (401). One layer instead of
  // three: each layer of Hono's compose is a promise and closures more per request.
  const tooLarge = () => errorResponse(413, errorBody('invalid_request_error', `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`));
  const streamed = streamedBodyLimit(tooLarge);
  const authenticated = (c: Context<Env>, next: Next) => {
    const path = c.req.path;
    if (path !== '/v1' && !path.startsWith('/v1/')) return next();
    const auth = authenticate(c.req.header('authorization'));
    if (!auth.ok) return errorResponse(401, auth.body, { 'www-authenticate': 'Basic realm="Stripe"' });
    c.set('apiKey', auth.apiKey);
    return next();
  };
  const limited = (c: Context<Env>, next: Next) => {
    const verdict = declaredBody(c);
    if (verdict === 'within') return authenticated(c, next);
    if (verdict === 'too_large') return tooLarge();
    return streamed(c, () => authenticated(c, next) as Promise<void>);
  };
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (path === CONTROL || path.startsWith(`${CONTROL}/`)) return limited(c, next);
    const requestId = kernel.id('req_', 14);
    c.set('requestId', requestId);
    const early = await limited(c, next);
    // A 413 or 401 answered here; the routes' own answers carry their Request-Id already
    // (operation.ts); the rest (404, 500) get it now.
    if (early instanceof Response) {
      early.headers.set('request-id', requestId);
      return early;
    }
    if (c.get('requestIdSent') !== true) c.res.headers.set('request-id', requestId);
  });

  // Reset clears the dialect's objects with the kernel's.
  app.post(`${CONTROL}/reset`, (c) => {
    d.state.clear();
    kernel.reset();
    return c.json({ reset: true });
  });
  app.route(
    CONTROL,
    controlRoutes(kernel, {
      openDispute: (paymentId, amount, reason) => openDispute(d, paymentId, amount, reason),
      refund: (paymentId, amount) => dashboardRefund(d, paymentId, amount),
      providerStates: () => stripeProviderStates(async (request) => app.fetch(request)),
    }),
  );
  app.all(`${CONTROL}/*`, (c) => c.json({ error: { message: `no control route ${c.req.method} ${c.req.path}` } }, 404));

  for (const route of ROUTES) {
    app.on(route.method, route.path, async (c) => {
      const res = await runOperation(d, route, { raw: c.req.raw, path: c.req.path, pathParams: c.req.param() as Record<string, string>, requestId: c.get('requestId'), apiKey: c.get('apiKey') });
      c.set('requestIdSent', true);
      return res;
    });
  }

  app.notFound((c) =>
    errorResponse(
      404,
      errorBody('invalid_request_error', `Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`),
    ),
  );
  app.onError((err) => errorResponse(500, apiError(`An unknown error occurred (${err instanceof Error ? err.message : String(err)}).`)));
  return app as unknown as Hono;
}
