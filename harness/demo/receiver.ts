// A webhook receiver for the demo: a real HTTP server on loopback that checks each delivery's
// signature the way a merchant's endpoint must (Stripe-Signature with a 5-minute tolerance;
// Adyen's HMAC over the notification fields) and keeps what it saw.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  provider: 'stripe' | 'adyen';
  eventId: string;
  type: string;
  verdict: 'accepted' | 'bad_signature' | 'stale';
}

const STRIPE_TOLERANCE_S = 300;

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
  const base = { provider: 'stripe' as const, eventId: event.id ?? '?', type: event.type ?? '?' };
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const expected = createHmac('sha256', secret).update(`${parts.get('t')}.${body}`).digest('hex');
  if (!sameText(expected, parts.get('v1') ?? '')) return { ...base, verdict: 'bad_signature' };
  if (Math.abs(nowMs / 1000 - t) > STRIPE_TOLERANCE_S) return { ...base, verdict: 'stale' };
  return { ...base, verdict: 'accepted' };
}

function checkAdyen(body: string, hexKey: string): ReceivedWebhook {
  const batch = safeJson(body) as { notificationItems?: { NotificationRequestItem: Record<string, unknown> }[] };
  const item = batch.notificationItems?.[0]?.NotificationRequestItem ?? {};
  const amount = (item.amount ?? {}) as { value?: number; currency?: string };
  const fields = [item.pspReference, item.originalReference, item.merchantAccountCode, item.merchantReference, amount.value, amount.currency, item.eventCode, item.success];
  const expected = createHmac('sha256', Buffer.from(hexKey, 'hex')).update(fields.map((f) => (f ?? '').toString()).join(':')).digest('base64');
  const given = String((item.additionalData as Record<string, unknown> | undefined)?.hmacSignature ?? '');
  const eventId = `${item.eventCode}:${item.pspReference}:${item.success}`;
  return { provider: 'adyen', eventId, type: String(item.eventCode), verdict: sameText(expected, given) ? 'accepted' : 'bad_signature' };
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
