// /v1/webhook_endpoints: create (the only answer that shows the signing `secret`), retrieve,
// list, delete. The endpoints themselves live in the kernel's dispatcher, which delivers to them.
import { isHttpUrl, type WebhookEndpoint } from '../kernel/index.ts';
import { seconds, type Dialect, type Handler } from './context.ts';
import { invalidRequest, noSuch } from './errors.ts';
import { inRange, listParams, paginate } from './pagination.ts';
import { get, type Schema } from './params.ts';

const EVENT_TYPE = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;

export const CREATE: Schema = {
  url: { kind: 'string', required: true, maxLength: 2048 },
  enabled_events: { kind: 'strings', required: true, maxItems: 250, pattern: EVENT_TYPE },
  description: { kind: 'string', maxLength: 5000 },
  metadata: { kind: 'metadata' },
  api_version: { kind: 'string', maxLength: 64 },
  connect: { kind: 'boolean' },
};

export const RETRIEVE: Schema = {};
export const DELETE: Schema = {};
export const LIST: Schema = listParams({});

export function endpointObject(d: Dialect, e: WebhookEndpoint, withSecret = false): Record<string, unknown> {
  const meta = d.state.endpointMeta.get(e.id);
  return {
    id: e.id,
    object: 'webhook_endpoint',
    api_version: meta?.apiVersion ?? null,
    application: null,
    created: seconds(e.createdAt),
    description: meta?.description ?? null,
    enabled_events: [...e.enabledEvents],
    livemode: false,
    metadata: { ...(meta?.metadata ?? {}) },
    ...(withSecret ? { secret: e.secret } : {}),
    status: 'enabled',
    url: e.url,
  };
}

export const createEndpoint: Handler = (ctx, params) => {
  const d = ctx.dialect;
  const url = get.str(params, 'url')!;
  if (!isHttpUrl(url)) throw invalidRequest(`Invalid URL: ${url}`, { param: 'url', code: 'url_invalid' });
  const added = d.kernel.webhooks.tryAddEndpoint({
    id: d.kernel.id('we_'),
    url,
    secret: `whsec_${d.kernel.id('', 32)}`,
    enabledEvents: get.list(params, 'enabled_events'),
  });
  // Stripe caps endpoints at 16 an account and answers an invalid_request_error with no code.
  if (!added.ok) throw invalidRequest(`You have reached the maximum of ${d.kernel.webhooks.maxEndpoints()} webhook endpoints on this account. Delete an endpoint before adding another.`);
  const endpoint = added.endpoint;
  d.state.endpointMeta.set(endpoint.id, {
    description: get.str(params, 'description') || null,
    metadata: get.meta(params, 'metadata') ?? {},
    apiVersion: get.str(params, 'api_version') ?? null,
  });
  return { status: 200, body: endpointObject(d, endpoint, true) };
};

export const retrieveEndpoint: Handler = (ctx, _params, path) => {
  const endpoint = ctx.dialect.kernel.webhooks.endpoint(path.id!);
  if (!endpoint) throw noSuch('webhook_endpoint', path.id!, 'webhook_endpoint');
  return { status: 200, body: endpointObject(ctx.dialect, endpoint) };
};

export const listEndpoints: Handler = (ctx, params) => {
  const created = get.range(params, 'created');
  const items = ctx.dialect.kernel.webhooks
    .listEndpoints()
    .reverse()
    .filter((e) => inRange(e.createdAt, created));
  return { status: 200, body: paginate(items, (e) => e.id, params, '/v1/webhook_endpoints', 'webhook_endpoint', (e) => endpointObject(ctx.dialect, e)) };
};

export const deleteEndpoint: Handler = (ctx, _params, path) => {
  const d = ctx.dialect;
  if (!d.kernel.webhooks.deleteEndpoint(path.id!)) throw noSuch('webhook_endpoint', path.id!, 'webhook_endpoint');
  d.state.endpointMeta.delete(path.id!);
  return { status: 200, body: { id: path.id, object: 'webhook_endpoint', deleted: true } };
};
