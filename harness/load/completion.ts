// How a vegeta result becomes a history completion. The merchant-API driver does not export its
// mapping, so this mirrors it (harness/driver/merchant-api-driver.ts), except for what a 2xx
// payment's status says. The driver records any 2xx as `ok` and leaves the status to the
// checkers; the load's platform-error threshold counts completions, and a service like the
// reference core answers 201 with status `failed` when its provider failed (or its circuit
// breaker is open), so the status decides here:
//
//   2xx, status declined              → fail/decline, with the payment as value
//   2xx, status failed                → fail/platform, with the payment as value
//   2xx, status unknown/authorizing   → info/platform: the outcome is still open
//   2xx, any other status             → ok (authorized, captured, …)
//   4xx                               → fail/invalid: the service refused, nothing happened
//     except 408 and 429              → info/platform: not a refusal of the request itself
//   502                               → fail/platform: the provider refused definitively
//   other 5xx, 2xx without a payment  → info/platform: it may or may not have happened
//   no answer (code 0)                → info/network: timeout, refused or reset connection
import { observe } from '../driver/merchant-api-driver.ts';
import type { Completion, PaymentObservation } from '../driver/types.ts';
import type { VegetaResult } from './results.ts';

type PaymentBody = Parameters<typeof observe>[0];
interface ErrorBody {
  error?: { type?: string; code?: string; message?: string };
}

export function completionOf(r: VegetaResult): Completion {
  if (r.code === 0) return { type: 'info', error: { kind: 'network', code: 'no_answer', message: r.error || 'no answer' } };
  const body = parseBody(r.body);
  const error = (body as ErrorBody | undefined)?.error;
  const code = error?.code ?? `http_${r.code}`;
  const message = error?.message ?? (r.error || `HTTP ${r.code}`);
  if (r.code >= 200 && r.code < 300) {
    const payment = error ? undefined : asPayment(body);
    if (!payment) return { type: 'info', error: { kind: 'platform', code, message: `HTTP ${r.code} without a payment in the body` } };
    if (payment.status === 'declined') return { type: 'fail', error: { kind: 'decline', code: payment.declineCode ?? 'declined', message: 'the issuer declined' }, value: payment };
    if (payment.status === 'failed') return { type: 'fail', error: { kind: 'platform', code: 'payment_failed', message: `HTTP ${r.code}: the payment failed` }, value: payment };
    if (payment.status === 'unknown' || payment.status === 'authorizing') return { type: 'info', error: { kind: 'platform', code: `payment_${payment.status}`, message: `HTTP ${r.code}: the payment is ${payment.status}` } };
    return { type: 'ok', value: payment };
  }
  if (r.code >= 400 && r.code < 500 && r.code !== 408 && r.code !== 429) return { type: 'fail', error: { kind: 'invalid', code, message } };
  if (r.code === 502) return { type: 'fail', error: { kind: 'platform', code, message } };
  return { type: 'info', error: { kind: 'platform', code, message } };
}

function parseBody(base64: string | null): unknown {
  if (!base64) return undefined;
  try {
    return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function asPayment(body: unknown): PaymentObservation | undefined {
  const p = body as Partial<PaymentBody> | undefined;
  if (!p || typeof p.id !== 'string' || typeof p.status !== 'string' || typeof p.amounts !== 'object' || p.amounts === null) return undefined;
  return observe(p as PaymentBody);
}
