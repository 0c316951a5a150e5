// Stripe-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the endpoint
// secret>`, exactly what stripe-node's `webhooks.constructEvent` verifies. A forgery is signed
// with a key that is not the endpoint's; a stale replay carries its original timestamp.
import { createHmac } from 'node:crypto';
import type { WebhookEncoder } from '../kernel/index.ts';

export function stripeSignature(payload: string, secret: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

const FORGERY_KEY = 'whsec_gauntlet_forgery_not_your_secret';

export const stripeWebhookEncoder: WebhookEncoder = {
  encode(event, endpoint, { signAt, forged }) {
    // Stripe sends events pretty-printed with two spaces.
    const body = JSON.stringify(event.payload, null, 2);
    const key = forged ? (endpoint.secret === FORGERY_KEY ? `${FORGERY_KEY}_2` : FORGERY_KEY) : endpoint.secret;
    return {
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': stripeSignature(body, key, Math.floor(signAt / 1000)),
      },
    };
  },
  // Stripe counts any 2xx as delivered and retries everything else.
  isAcknowledged(status) {
    return status >= 200 && status < 300;
  },
};
