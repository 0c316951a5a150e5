// The shared case suite's view of the Adyen dialect: each case as the Checkout API call a
// merchant would make, sent through `sim.app.fetch` (the real wire format, not the SDK).
//
// - authorize: POST /v71/payments with test-encrypted card fields; the decline reason picks the
//   holderName that Adyen's test platform refuses with it. Manual capture is requested with
//   additionalData.manualCapture "true"; automatic capture is Adyen's default.
// - capture / refund / void: /payments/{psp}/captures, /refunds, /cancels. With no amount, the
//   driver asks for what is left (or the payment's amount when nothing is left, so the PSP
//   decides). Their outcome is 'accepted' (201 received): the money result is in the ledger and
//   the notification.
// - A connection the fault plan dropped (fail_before_commit, timeout_after_commit) comes back as
//   what app.fetch returns for it: status 504 with the kernel's drop marker, outcome 'error'.
// - registerWebhook: the control API, with an HMAC key derived from the simulator's key and the
//   URL (deterministic; no ambient randomness); verifyWebhook: the library's HmacValidator.
import { createHmac } from 'node:crypto';
import adyen from '@adyen/api-library';
import { ADYEN_TEST_HOLDER_NAMES, DECLINE_WORDING, isDropped, type DeclineReason } from '../kernel/index.ts';
import type { AuthorizeCase, CaseResult, DialectDriver } from '../testing/dialect-driver.ts';
import { REPLAYED_HEADER } from './edge.ts';
import type { AdyenSimulator } from './simulator-type.ts';
import type { NotificationBody } from './notifications.ts';

const VERSION = 'v71';
const DEFAULT_API_KEY = 'gauntlet_case_driver';
const TEST_CARD = {
  type: 'scheme',
  encryptedCardNumber: 'test_4111111111111111',
  encryptedExpiryMonth: 'test_03',
  encryptedExpiryYear: 'test_2030',
  encryptedSecurityCode: 'test_737',
};

/** First holder name for each reason (object order: DECLINED before REFUSED, ERROR before ACQUIRER_ERROR). */
const HOLDER_FOR_REASON = new Map<DeclineReason, string>();
for (const [name, outcome] of Object.entries(ADYEN_TEST_HOLDER_NAMES)) {
  if (outcome.kind === 'declined' && !HOLDER_FOR_REASON.has(outcome.reason)) HOLDER_FOR_REASON.set(outcome.reason, name);
}
const REASON_FOR_CODE = new Map<string, DeclineReason>([...HOLDER_FOR_REASON.keys()].map((r) => [DECLINE_WORDING[r].adyen.refusalReasonCode, r]));

export function createAdyenCaseDriver(sim: AdyenSimulator): DialectDriver {
  const apiKey = sim.apiKey ?? DEFAULT_API_KEY;
  let references = 0;

  async function post(path: string, body: unknown, idempotencyKey?: string): Promise<{ res: Response; text: string; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': apiKey };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const res = await sim.app.fetch(new Request(`http://adyen.sim/${VERSION}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: leave the body for the caller.
    }
    return { res, text, json };
  }

  /** A non-2xx answer: the PSP refused the request (4xx) or failed (5xx, or a dropped connection). */
  const failure = (res: Response): CaseResult['outcome'] => (res.status >= 500 || isDropped(res) ? 'error' : 'refused');

  async function modify(paymentId: string, kind: 'captures' | 'refunds' | 'cancels', amount: number | undefined, key: string | undefined): Promise<CaseResult> {
    const body: Record<string, unknown> = { merchantAccount: sim.merchantAccount };
    if (kind !== 'cancels') body.amount = amountFor(paymentId, kind, amount);
    const { res, text } = await post(`/payments/${encodeURIComponent(paymentId)}/${kind}`, body, key);
    return { status: res.status, outcome: res.ok ? 'accepted' : failure(res), paymentId, body: text, replayed: res.headers.get(REPLAYED_HEADER) === 'true' };
  }

  function amountFor(paymentId: string, kind: 'captures' | 'refunds', amount: number | undefined): { value: number; currency: string } {
    const p = sim.kernel.payments.get(paymentId);
    const currency = (p?.currency ?? 'eur').toUpperCase();
    if (amount !== undefined) return { value: amount, currency };
    if (!p) return { value: 1, currency };
    const left = kind === 'captures' ? sim.kernel.payments.capturable(p) : sim.kernel.payments.refundable(p);
    return { value: left > 0 ? left : p.amount, currency };
  }

  return {
    name: 'adyen',
    sim,
    declineReasons: [...HOLDER_FOR_REASON.keys()],

    async authorize(c: AuthorizeCase): Promise<CaseResult> {
      const holderName = c.card === 'approved' ? 'John Smith' : HOLDER_FOR_REASON.get(c.card);
      if (holderName === undefined) throw new Error(`Adyen has no test holder name for ${c.card}`);
      references += 1;
      const body = {
        amount: { value: c.amount, currency: c.currency.toUpperCase() },
        reference: c.reference ?? `case-${references}`,
        merchantAccount: sim.merchantAccount,
        returnUrl: 'https://merchant.example/return',
        paymentMethod: { ...TEST_CARD, holderName },
        ...(c.capture === 'manual' ? { additionalData: { manualCapture: 'true' } } : {}),
      };
      const { res, text, json } = await post('/payments', body, c.idempotencyKey);
      const replayed = res.headers.get(REPLAYED_HEADER) === 'true';
      const paymentId = typeof json.pspReference === 'string' ? json.pspReference : undefined;
      const base = { status: res.status, body: text, replayed, ...(paymentId !== undefined ? { paymentId } : {}) };
      if (!res.ok) return { ...base, outcome: failure(res) };
      if (json.resultCode === 'Authorised') return { ...base, outcome: c.capture === 'manual' ? 'authorized' : 'captured' };
      const declineReason = REASON_FOR_CODE.get(String(json.refusalReasonCode));
      return { ...base, outcome: 'declined', ...(declineReason !== undefined ? { declineReason } : {}) };
    },

    capture: (paymentId, amount, key) => modify(paymentId, 'captures', amount, key),
    refund: (paymentId, amount, key) => modify(paymentId, 'refunds', amount, key),
    void: (paymentId, key) => modify(paymentId, 'cancels', undefined, key),

    async registerWebhook(url: string): Promise<string> {
      const secret = createHmac('sha512', Buffer.from(sim.hmacKey, 'hex')).update(url).digest('hex').toUpperCase();
      const res = await sim.app.fetch(
        new Request('http://adyen.sim/__gauntlet/webhook-endpoints', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url, secret }),
        }),
      );
      if (res.status !== 201) throw new Error(`registering ${url} failed: ${res.status} ${await res.text()}`);
      return secret;
    },

    verifyWebhook(body: string, _headers: Record<string, string>, secret: string): boolean {
      try {
        const parsed = JSON.parse(body) as NotificationBody;
        const items = parsed.notificationItems.map((i) => i.NotificationRequestItem);
        const validator = new adyen.hmacValidator();
        return items.length > 0 && items.every((item) => validator.validateHMAC(item as never, secret));
      } catch {
        return false;
      }
    },
  };
}
