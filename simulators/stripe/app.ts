// The HTTP face: Stripe's API under /v1 (request ids, body limit, API keys, the routes, Stripe's
// 404 and 500) and Gauntlet's control API under /__gauntlet.
import { Hono } from 'hono';
import { MAX_BODY_BYTES, controlRoutes, honoOptions, limitBody } from '../kernel/index.ts';
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

  // Every API response carries a Request-Id. Control calls draw none, so polling the control API
  // never shifts the ids the API hands out. The routes' answers carry it already (operation.ts);
  // the others (401, 413, 404, 500) get it here.
  app.use('*', async (c, next) => {
    if (c.req.path === CONTROL || c.req.path.startsWith(`${CONTROL}/`)) return next();
    const requestId = kernel.id('req_', 14);
    c.set('requestId', requestId);
    await next();
    if (c.get('requestIdSent') !== true) c.res.headers.set('request-id', requestId);
  });
  app.use(
    '*',
    limitBody(() => errorResponse(413, errorBody('invalid_request_error', `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`))),
  );
  app.use('/v1/*', async (c, next) => {
    const auth = authenticate(c.req.header('authorization'));
    if (!auth.ok) return errorResponse(401, auth.body, { 'www-authenticate': 'Basic realm="Stripe"' });
    c.set('apiKey', auth.apiKey);
    return next();
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
