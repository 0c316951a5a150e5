// Every Stripe endpoint the simulator serves, with its operation name (what fault rules match)
// and its parameter schema.
import * as charges from './charges.ts';
import * as events from './events.ts';
import type { Route } from './operation.ts';
import * as intents from './payment-intents.ts';
import * as refunds from './refunds.ts';
import * as endpoints from './webhook-endpoints.ts';

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/v1/payment_intents', operation: 'stripe.payment_intents.create', schema: intents.CREATE, handler: intents.createIntent },
  { method: 'GET', path: '/v1/payment_intents', operation: 'stripe.payment_intents.list', schema: intents.LIST, handler: intents.listIntents },
  { method: 'GET', path: '/v1/payment_intents/:id', operation: 'stripe.payment_intents.retrieve', schema: intents.RETRIEVE, handler: intents.retrieveIntent },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', operation: 'stripe.payment_intents.confirm', schema: intents.CONFIRM, handler: intents.confirmIntent },
  { method: 'POST', path: '/v1/payment_intents/:id/capture', operation: 'stripe.payment_intents.capture', schema: intents.CAPTURE, handler: intents.captureIntent },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', operation: 'stripe.payment_intents.cancel', schema: intents.CANCEL, handler: intents.cancelIntent },
  { method: 'GET', path: '/v1/charges', operation: 'stripe.charges.list', schema: charges.LIST, handler: charges.listCharges },
  { method: 'GET', path: '/v1/charges/:id', operation: 'stripe.charges.retrieve', schema: charges.RETRIEVE, handler: charges.retrieveCharge },
  { method: 'POST', path: '/v1/refunds', operation: 'stripe.refunds.create', schema: refunds.CREATE, handler: refunds.createRefund },
  { method: 'GET', path: '/v1/refunds', operation: 'stripe.refunds.list', schema: refunds.LIST, handler: refunds.listRefunds },
  { method: 'GET', path: '/v1/refunds/:id', operation: 'stripe.refunds.retrieve', schema: refunds.RETRIEVE, handler: refunds.retrieveRefund },
  { method: 'GET', path: '/v1/events', operation: 'stripe.events.list', schema: events.EVENTS_LIST, handler: events.listEvents },
  { method: 'GET', path: '/v1/events/:id', operation: 'stripe.events.retrieve', schema: events.EVENTS_RETRIEVE, handler: events.retrieveEvent },
  { method: 'POST', path: '/v1/webhook_endpoints', operation: 'stripe.webhook_endpoints.create', schema: endpoints.CREATE, handler: endpoints.createEndpoint },
  { method: 'GET', path: '/v1/webhook_endpoints', operation: 'stripe.webhook_endpoints.list', schema: endpoints.LIST, handler: endpoints.listEndpoints },
  { method: 'GET', path: '/v1/webhook_endpoints/:id', operation: 'stripe.webhook_endpoints.retrieve', schema: endpoints.RETRIEVE, handler: endpoints.retrieveEndpoint },
  { method: 'DELETE', path: '/v1/webhook_endpoints/:id', operation: 'stripe.webhook_endpoints.delete', schema: endpoints.DELETE, handler: endpoints.deleteEndpoint },
];
