// Test support: genuine signed webhooks built by hand (signed with the core world's own secrets by
// spec's signers), for events no simulator would send on its own: the poison triggers.
import { adyenHmacSignature, stripeSignatureHeader } from '../../spec/index.ts';
import { ADYEN_HMAC_KEY, STRIPE_WEBHOOK_SECRET, type World } from '../testing/world.ts';

export interface AdyenItem {
  pspReference: string;
  originalReference?: string;
  merchantReference: string;
  eventCode: string;
  success?: 'true' | 'false';
  amount: { value: number; currency: string };
}

/** POSTs one Adyen notification, HMAC-signed with the world's key, to the core's webhook route. */
export async function postAdyen(w: World, item: AdyenItem): Promise<{ status: number; body: string }> {
  const full = { merchantAccountCode: 'GauntletCore', success: 'true', eventDate: new Date(w.clock.now()).toISOString(), ...item };
  const signed = { ...full, additionalData: { hmacSignature: adyenHmacSignature(full, ADYEN_HMAC_KEY) } };
  const body = JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] });
  return post(w, 'adyen', body, { 'content-type': 'application/json' });
}

/** POSTs one Stripe event, signed with the world's endpoint secret at the world's time. */
export async function postStripe(w: World, event: { id: string; type: string; object: Record<string, unknown> }): Promise<{ status: number; body: string }> {
  const created = Math.floor(w.clock.now() / 1000);
  const body = JSON.stringify({ id: event.id, object: 'event', type: event.type, created, data: { object: event.object } });
  return post(w, 'stripe', body, { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, STRIPE_WEBHOOK_SECRET, created) });
}

async function post(w: World, provider: string, body: string, headers: Record<string, string>) {
  const res = await w.core.app.fetch(new Request(`http://core.sim/v1/webhooks/${provider}`, { method: 'POST', headers, body }));
  return { status: res.status, body: await res.text() };
}
