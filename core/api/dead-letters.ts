// The admin API over parked webhook events (core/webhooks/dead-letters.ts): list them, look at one,
// replay one once its cause is fixed. Behind a bearer token (CoreOptions.adminToken): a replay
// re-applies a provider event, which can move a payment's state, so it is not for merchants.
//   GET  /v1/webhooks/dead-letters[?state=dead_letter|orphan&limit=1..500]
//   GET  /v1/webhooks/dead-letters/:id             id = provider:eventId (URL-encoded)
//   POST /v1/webhooks/dead-letters/:id/replay      404 when no such parked event
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, Next } from 'hono';
import type { ApiCore } from './api-core.ts';
import { getParked, listParked, parseParkedId, PARKED_STATES, type ParkedState } from '../webhooks/dead-letters.ts';
import { invalid, notFound } from './errors.ts';

const BASE = '/v1/webhooks/dead-letters';

export function deadLetterRoutes(app: Hono, core: ApiCore): void {
  const admin = (c: Context, next: Next) => requireAdmin(core.adminToken, c, next);
  app.use(BASE, admin);
  app.use(`${BASE}/*`, admin);

  app.get(BASE, async (c) => {
    const state = c.req.query('state');
    if (state !== undefined && !(PARKED_STATES as readonly string[]).includes(state)) throw invalid('parameter_invalid', `state must be one of ${PARKED_STATES.join(', ')}`, 'state');
    const limitRaw = c.req.query('limit') ?? '100';
    const limit = Number(limitRaw);
    if (!/^\d{1,3}$/.test(limitRaw) || limit < 1 || limit > 500) throw invalid('parameter_invalid', 'limit must be 1 to 500', 'limit');
    const data = await listParked(core.store, { ...(state ? { states: [state as ParkedState] } : {}), limit });
    return c.json({ object: 'list', data });
  });

  app.get(`${BASE}/:id`, async (c) => c.json(await parked(core, c.req.param('id'))));

  app.post(`${BASE}/:id/replay`, async (c) => {
    const { provider, eventId } = await parked(core, c.req.param('id'));
    // Gone between the look and the requeue (another replay won): the same answer as never parked.
    if (!(await core.inbox.replay(provider, eventId))) throw notFound('parked webhook event', c.req.param('id'));
    const after = (await core.store.inbox.get(provider, eventId))!;
    return c.json({ id: c.req.param('id'), replayed: true, state: after.state, attempts: after.attempts, outcome: after.outcome });
  });
}

async function parked(core: ApiCore, id: string) {
  const named = parseParkedId(id);
  if (!named) throw invalid('parameter_invalid', 'A parked event is named provider:eventId (stripe or adyen)', 'id');
  const found = await getParked(core.store, named.provider, named.eventId);
  if (!found) throw notFound('parked webhook event', id);
  return found;
}

async function requireAdmin(token: string | undefined, c: Context, next: Next) {
  // The merchant API's error shape; 401/403 are not among ApiError's statuses, so built here.
  const refuse = (status: 401 | 403, code: string, message: string) => c.json({ error: { type: 'unauthorized', code, message } }, status, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  if (token === undefined || token === '') return refuse(403, 'admin_disabled', 'The admin API is off: this core was started without an admin token');
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (given === undefined) return refuse(401, 'admin_token_missing', 'Authorization: Bearer <admin token> is required');
  if (!sameSecret(given, token)) return refuse(401, 'admin_token_invalid', 'The admin token is not valid');
  await next();
}

/** Constant-time whatever the lengths: both sides hashed to the same size first. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
