// parseWebhook: signature and freshness first (nothing in an unverified body is read), then the
// JSON, then the event mapping. A body that verifies but is not a Stripe event is `malformed`.
import type { WebhookVerdict } from '../types.ts';
import { mapStripeEvent } from './events.ts';
import { parseObject } from './json.ts';
import { verifyStripeSignature } from './signature.ts';

export interface WebhookOptions {
  webhookSecret: string;
  toleranceSeconds: number;
}

export function parseStripeWebhook(rawBody: string, headers: Record<string, string>, nowMs: number, options: WebhookOptions): WebhookVerdict {
  const check = verifyStripeSignature(rawBody, header(headers, 'stripe-signature'), options.webhookSecret, nowMs, options.toleranceSeconds);
  if (!check.ok) return { kind: 'rejected', reason: check.reason, message: check.message };
  const body = parseObject(rawBody);
  if (!body) return { kind: 'rejected', reason: 'malformed', message: 'the body is not a JSON object' };
  const mapped = mapStripeEvent(body);
  if (!mapped.ok) return { kind: 'rejected', reason: 'malformed', message: mapped.message };
  return { kind: 'ok', events: mapped.events };
}

/** HTTP header names are case-insensitive; callers pass whatever their framework gave them. */
function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
