// A webhook receiver for the demo: a real HTTP server on loopback that checks each delivery's
// signature the way a merchant's endpoint must (Stripe-Signature with a 5-minute tolerance;
// Adyen's HMAC over the notification fields, both with spec's verifiers) and keeps what it saw.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGenuineAdyen, verifyStripeSignature } from '../../spec/index.ts';

export interface ReceivedWebhook {
  provider: 'stripe' | 'adyen';
  eventId: string;
  type: string;
  verdict: 'accepted' | 'bad_signature' | 'stale';
}

export interface Receiver {
  url(provider: 'stripe' | 'adyen'): string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startReceiver(secrets: { stripe: string; adyenHmacKey: string }, nowMs: () => number): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const provider = req.url?.includes('adyen') ? 'adyen' : 'stripe';
      const entry = provider === 'stripe' ? checkStripe(body, String(req.headers['stripe-signature'] ?? ''), secrets.stripe, nowMs()) : checkAdyen(body, secrets.adyenHmacKey);
      received.push(entry);
      res.statusCode = entry.verdict === 'accepted' ? 200 : 400;
      res.end(provider === 'adyen' && entry.verdict === 'accepted' ? '[accepted]' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (provider) => `http://127.0.0.1:${port}/webhooks/${provider}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function checkStripe(body: string, header: string, secret: string, nowMs: number): ReceivedWebhook {
  const event = safeJson(body) as { id?: string; type?: string };
  const verdict = verifyStripeSignature(body, header, secret, { nowMs });
  return { provider: 'stripe', eventId: event.id ?? '?', type: event.type ?? '?', verdict: verdict === 'valid' ? 'accepted' : verdict };
}

function checkAdyen(body: string, hexKey: string): ReceivedWebhook {
  const batch = safeJson(body) as { notificationItems?: { NotificationRequestItem: Record<string, unknown> }[] };
  const item = batch.notificationItems?.[0]?.NotificationRequestItem ?? {};
  const eventId = `${item.eventCode}:${item.pspReference}:${item.success}`;
  return { provider: 'adyen', eventId, type: String(item.eventCode), verdict: isGenuineAdyen(body, hexKey) ? 'accepted' : 'bad_signature' };
}

/** The body as an object to read ids from; anything else (bad JSON, `null`, a number) reads as `{}`. */
function safeJson(text: string): object {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
