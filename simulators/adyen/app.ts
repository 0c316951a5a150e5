// The Hono app: Adyen's Checkout API (v67 to v72, also under the live-style `/checkout` prefix)
// behind API-key authentication, and Gauntlet's control API under /__gauntlet.
import { Hono, type MiddlewareHandler } from 'hono';
import { controlRoutes, honoOptions, limitBody } from '../kernel/index.ts';
import { requireApiKey } from './auth.ts';
import type { AdyenDeps } from './deps.ts';
import { dashboardRefund } from './dashboard-refunds.ts';
import { openDispute } from './disputes.ts';
import { runOperation } from './edge.ts';
import { ADYEN_ERRORS, errorResponse } from './errors.ts';
import { isHexKey } from './hmac.ts';
import { MODIFICATION_OPERATIONS, modificationOperation, type ModificationKind } from './modifications.ts';
import { PAYMENTS_OPERATION, paymentsOperation } from './payments.ts';
import { adyenProviderStates } from './provider-states.ts';

/** Checkout API versions served. Payment modifications by pspReference exist from v67. */
export const CHECKOUT_VERSIONS = ['v67', 'v68', 'v69', 'v70', 'v71', 'v72'] as const;
const PREFIXES = ['', '/checkout'];
const CONTROL = '/__gauntlet';
const MODIFICATIONS: ModificationKind[] = ['captures', 'refunds', 'cancels', 'reversals'];

export function createAdyenApp(deps: AdyenDeps, options: { apiKey?: string }): Hono {
  const { kernel } = deps;
  const app = new Hono(honoOptions(kernel));
  app.use('*', limitBody(() => errorResponse(undefined, ADYEN_ERRORS.tooLarge)));

  app.use(`${CONTROL}/webhook-endpoints`, requireHexSecret);
  app.route(
    CONTROL,
    controlRoutes(kernel, {
      openDispute: (id, amount, reason) => openDispute(deps, id, amount, reason),
      refund: (id, amount) => dashboardRefund(deps, id, amount),
      // The handlers call this app's own API, so they need its key and merchant account.
      providerStates: () =>
        adyenProviderStates(async (request) => app.fetch(request), {
          ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
          ...(deps.config.merchantAccount !== undefined ? { merchantAccount: deps.config.merchantAccount } : {}),
        }),
    }),
  );

  const auth = requireApiKey(options.apiKey);
  app.use('*', (c, next) => (isControl(c.req.path) ? next() : auth(c, next)));

  const payments = paymentsOperation(deps);
  const modifications = Object.fromEntries(MODIFICATIONS.map((kind) => [kind, modificationOperation(deps, kind)]));
  for (const prefix of PREFIXES) {
    for (const version of CHECKOUT_VERSIONS) {
      const base = `${prefix}/${version}`;
      app.post(`${base}/payments`, (c) => runOperation(kernel, c, PAYMENTS_OPERATION, payments));
      for (const kind of MODIFICATIONS) {
        app.post(`${base}/payments/:psp/${kind}`, (c) => runOperation(kernel, c, MODIFICATION_OPERATIONS[kind], modifications[kind]!));
      }
    }
  }

  app.notFound((c) =>
    isControl(c.req.path)
      ? c.json({ error: { message: `no control route ${c.req.method} ${c.req.path}` } }, 404)
      : errorResponse(undefined, ADYEN_ERRORS.notFound),
  );
  app.onError(() => errorResponse(kernel, ADYEN_ERRORS.internal));
  return app;
}

function isControl(path: string): boolean {
  return path === CONTROL || path.startsWith(`${CONTROL}/`);
}

/** Adyen signs with a hex HMAC key: an endpoint registered with anything else could never verify. */
const requireHexSecret: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'POST') return next();
  let body: unknown;
  try {
    body = JSON.parse(await c.req.raw.clone().text());
  } catch {
    return next();
  }
  const secret = (body as { secret?: unknown } | null)?.secret;
  if (typeof secret === 'string' && secret.length > 0 && !isHexKey(secret)) {
    return c.json({ error: { message: 'secret: the endpoint HMAC key, in hex (as Adyen issues them)' } }, 400);
  }
  return next();
};
