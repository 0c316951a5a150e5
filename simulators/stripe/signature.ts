// Stripe-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the endpoint
// secret>`, exactly what stripe-node's `webhooks.constructEvent` verifies; signed with spec's one
// implementation. A forgery is signed with a key that is not the endpoint's; a stale replay
// carries its original timestamp.
import { stripeSignatureHeader } from '../../spec/index.ts';
import type { Forgery, WebhookEncoder } from '../kernel/index.ts';
import type { StripeEvent } from './events.ts';
import { forgeStripeEvent } from './forgery.ts';

/** The Stripe-Signature header of `payload` (spec's signer, under the name the simulators export). */
export const stripeSignature = stripeSignatureHeader;

const FORGERY_KEY = 'whsec_gauntlet_forgery_not_your_secret';

/** The Stripe-Signature header a forgery carries (undefined: no header at all). */
function forgedSignature(body: string, endpointSecret: string, signAtSeconds: number, signature: Forgery['signature']): string | undefined {
  switch (signature) {
    case 'wrong_secret':
      return stripeSignature(body, endpointSecret === FORGERY_KEY ? `${FORGERY_KEY}_2` : FORGERY_KEY, signAtSeconds);
    case 'missing':
      return undefined;
    case 'empty':
      return '';
    case 'malformed':
      return 'garbage';
  }
}

export const stripeWebhookEncoder: WebhookEncoder = {
  encode(event, endpoint, { signAt, forged, forgery, tag }) {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    };
    if (forged) {
      // A forgery: its (maybe lying) content, and a signature that does not verify, or none.
      const lie: Forgery = forgery ?? { lie: 'none', signature: 'wrong_secret' };
      const body = JSON.stringify(forgeStripeEvent(event.payload as StripeEvent, lie.lie, tag), null, 2);
      const signature = forgedSignature(body, endpoint.secret, Math.floor(signAt / 1000), lie.signature);
      return { body, headers: signature === undefined ? headers : { ...headers, 'stripe-signature': signature } };
    }
    // Stripe sends events pretty-printed with two spaces.
    const body = JSON.stringify(event.payload, null, 2);
    return { body, headers: { ...headers, 'stripe-signature': stripeSignature(body, endpoint.secret, Math.floor(signAt / 1000)) } };
  },
  // Stripe counts any 2xx as delivered and retries everything else.
  isAcknowledged(status) {
    return status >= 200 && status < 300;
  },
};
