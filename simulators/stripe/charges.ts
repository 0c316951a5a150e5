// /v1/charges: retrieve and list the Charges PaymentIntents made (read-only here; Charges are
// created only by confirming a PaymentIntent).
import type { Handler } from './context.ts';
import { noSuch } from './errors.ts';
import { inRange, itemExpand, listParams, paginate } from './pagination.ts';
import { get, type Schema } from './params.ts';
import { chargeObject } from './serializers.ts';

const EXPANDABLE = ['payment_intent', 'refunds'] as const;

export const RETRIEVE: Schema = { expand: { kind: 'expand', allowed: EXPANDABLE } };

export const LIST: Schema = listParams({ payment_intent: { kind: 'string', maxLength: 255 } }, EXPANDABLE);

export const retrieveCharge: Handler = (ctx, params, path) => {
  const charge = ctx.dialect.state.charge(path.id!);
  if (!charge) throw noSuch('charge', path.id!, 'charge');
  return { status: 200, body: chargeObject(ctx.dialect, charge, new Set(get.list(params, 'expand'))) };
};

export const listCharges: Handler = (ctx, params) => {
  const pi = get.str(params, 'payment_intent');
  const created = get.range(params, 'created');
  const items = ctx.dialect.state.listCharges().filter((c) => (pi === undefined || c.paymentIntentId === pi) && inRange(c.created, created));
  const expand = itemExpand(params);
  return { status: 200, body: paginate(items, (c) => c.id, params, '/v1/charges', 'charge', (c) => chargeObject(ctx.dialect, c, expand)) };
};
