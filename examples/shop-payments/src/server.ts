// The HTTP API on plain node:http. Routes:
//   POST /orders/:orderId/payment   {amountCents, currency, card, captureMethod?}  (Idempotency-Key optional)
//   POST /orders/:orderId/capture   {amountCents?}
//   POST /orders/:orderId/refunds   {amountCents?}
//   POST /orders/:orderId/cancel
//   GET  /orders/:orderId, GET /orders
//   POST /hooks/stripe              Stripe webhooks (signed)
//   POST /admin/reconcile           re-send unknown operations, read open orders back from Stripe
//   GET  /healthz
// Errors: {"error": {"type", "code", "message"}} with a 4xx/5xx; never a stack trace.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShopConfig } from './config.ts';
import { OrderStore, orderView } from './orders.ts';
import { BadRequest, checkId, Payments, type Reply } from './payments.ts';
import { createStripeClient } from './stripe.ts';
import { StripeWebhooks } from './webhooks.ts';

export interface Shop {
  readonly server: Server;
  readonly store: OrderStore;
  /** Listens on config.port (0: any free port); resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops taking requests and waits (up to `graceMs`) for the ones in flight. */
  close(graceMs?: number): Promise<void>;
}

export interface ShopOptions {
  fetch?: typeof fetch;
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
  log?: (line: string) => void;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new TooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new TooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function error(res: ServerResponse, status: number, type: string, code: string, message: string): void {
  send(res, status, { error: { type, code, message } });
}

function replyBody(r: Reply) {
  if (!r.error) return orderView(r.order!);
  return { error: r.error, ...(r.order ? { order: orderView(r.order) } : {}) };
}

export function createShop(config: ShopConfig, o: ShopOptions = {}): Shop {
  const log = o.log ?? ((line: string) => process.stdout.write(`[shop] ${line}\n`));
  const now = o.now ?? (() => Date.now());
  const store = new OrderStore();
  const stripe = createStripeClient({
    apiBase: config.stripeApiBase,
    secretKey: config.stripeSecretKey,
    timeoutMs: config.stripeTimeoutMs,
    maxAttempts: config.stripeMaxAttempts,
    bugs: config.bugs,
    log,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const payments = new Payments({ store, stripe, bugs: config.bugs, now: () => new Date(now()).toISOString(), log });
  const webhooks = new StripeWebhooks({ payments, secret: config.stripeWebhookSecret, toleranceSeconds: config.webhookToleranceSeconds, bugs: config.bugs, nowSeconds: () => Math.floor(now() / 1000), log });

  const json = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const raw = await readBody(req, config.maxBodyBytes);
    if (raw.length === 0) return {};
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BadRequest('invalid_json', 'the body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('invalid_json', 'the body must be a JSON object');
    return body as Record<string, unknown>;
  };

  const merchantKey = (req: IncomingMessage): string | null => {
    const k = req.headers['idempotency-key'];
    if (k === undefined) return null;
    if (typeof k !== 'string' || k.length < 1 || k.length > 100) throw new BadRequest('invalid_idempotency_key', 'Idempotency-Key must be 1-100 characters');
    checkId(k, 'Idempotency-Key');
    return k;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://shop.local');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';

    if (method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true });
    if (method === 'POST' && url.pathname === '/hooks/stripe') {
      const raw = await readBody(req, config.maxBodyBytes);
      const sig = req.headers['stripe-signature'];
      const r = webhooks.handle(raw, typeof sig === 'string' ? sig : undefined);
      return send(res, r.status, r.body);
    }
    if (method === 'POST' && url.pathname === '/admin/reconcile') {
      await readBody(req, config.maxBodyBytes);
      return send(res, 200, await payments.reconcile());
    }
    if (parts[0] === 'orders') {
      if (parts.length === 1 && method === 'GET') return send(res, 200, { data: store.all().map(orderView) });
      const orderId = parts[1];
      if (orderId !== undefined && parts.length === 2 && method === 'GET') {
        checkId(orderId, 'orderId');
        const order = store.get(orderId);
        return order ? send(res, 200, orderView(order)) : error(res, 404, 'not_found', 'order_not_found', `no order ${orderId}`);
      }
      if (orderId !== undefined && parts.length === 3 && method === 'POST') {
        const key = merchantKey(req);
        const body = await json(req);
        let r: Reply | undefined;
        if (parts[2] === 'payment') r = await payments.pay(orderId, body, key);
        else if (parts[2] === 'capture') r = await payments.capture(orderId, body, key);
        else if (parts[2] === 'refunds') r = await payments.refund(orderId, body, key);
        else if (parts[2] === 'cancel') r = await payments.cancel(orderId, key);
        if (r) return send(res, r.status, replyBody(r));
      }
    }
    error(res, 404, 'not_found', 'route_not_found', `no route ${method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof TooLarge) return error(res, 413, 'invalid_request', 'body_too_large', `the body is larger than ${config.maxBodyBytes} bytes`);
      if (err instanceof BadRequest) return error(res, err.status, err.status === 404 ? 'not_found' : 'invalid_request', err.code, err.message);
      if (err instanceof URIError) return error(res, 400, 'invalid_request', 'invalid_path', 'the path is not valid percent-encoding');
      log(`internal error on ${req.method} ${req.url}: ${(err as Error).message}`);
      error(res, 500, 'internal_error', 'internal_error', 'something went wrong on our side');
    });
  });
  // A slow or stuck client cannot hold a connection forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  return {
    server,
    store,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host}:${port}`);
        });
      }),
    close: (graceMs = 5_000) =>
      new Promise((resolve) => {
        // In-flight requests finish; idle keep-alive sockets close now, the rest after the grace.
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
