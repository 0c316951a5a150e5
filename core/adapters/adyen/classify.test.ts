// Answers the simulator never gives (a proxy's 502, a body that is not JSON, Pending, 422 704,
// a Retry-After date…), through a stub fetch, and the error table's codes.
import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../env.ts';
import { errorCodeName, parseRetryAfter } from './classify.ts';
import { createAdyenAdapter } from './index.ts';
import { HMAC_KEY, MERCHANT, authorizeRequest, ctx, modification } from './test-support.ts';

function adapterAnswering(answer: () => Response | Promise<Response>) {
  const fetch: FetchLike = async () => answer();
  return createAdyenAdapter({ baseUrl: 'http://adyen.stub/', apiKey: 'k', merchantAccount: MERCHANT, hmacKey: HMAC_KEY, fetch });
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('answers without a usable verdict are indeterminate', () => {
  it('a thrown fetch (connection refused, reset)', async () => {
    const a = adapterAnswering(() => {
      throw new TypeError('fetch failed: ECONNRESET');
    });
    expect(await a.authorize(authorizeRequest(), ctx())).toEqual({ kind: 'indeterminate', reason: expect.stringContaining('ECONNRESET') });
  });

  it('a 200 whose body is not JSON, or not Adyen\'s', async () => {
    expect(await adapterAnswering(() => new Response('<html>', { status: 200 })).authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'indeterminate' });
    expect(await adapterAnswering(() => json(200, { hello: 1 })).authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'indeterminate' });
    expect(await adapterAnswering(() => json(200, { resultCode: 'Authorised' })).authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'indeterminate' });
    expect(await adapterAnswering(() => json(201, { status: 'received' })).capture(modification('P', 1), ctx())).toMatchObject({ kind: 'indeterminate' });
  });

  it('a 502/504 without Adyen\'s error body (a proxy answered; Adyen may have executed)', async () => {
    for (const status of [502, 504]) {
      expect(await adapterAnswering(() => new Response('Bad Gateway', { status })).authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'indeterminate' });
    }
  });

  it('resultCode Pending or Received: Adyen has not decided', async () => {
    for (const resultCode of ['Pending', 'Received', 'SomethingNew']) {
      const a = adapterAnswering(() => json(200, { resultCode, pspReference: 'PSP0000000000001' }));
      expect(await a.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining(resultCode) });
    }
  });

  it('an abort before any answer', async () => {
    const a = adapterAnswering(() => new Promise<Response>(() => undefined));
    expect(await a.authorize(authorizeRequest(), ctx('k', 5))).toMatchObject({ kind: 'indeterminate', reason: expect.stringContaining('5 ms') });
  });
});

describe('other answers', () => {
  it('422 with errorCode 704 is request_in_progress, retryable', async () => {
    const a = adapterAnswering(() => json(422, { status: 422, errorCode: '704', message: 'request already processed or in progress', errorType: 'validation' }));
    expect(await a.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'provider_error', status: 422, code: 'request_in_progress', retryable: true });
  });

  it('shopper actions are declined authentication_required; Cancelled is declined cancelled', async () => {
    const action = adapterAnswering(() => json(200, { resultCode: 'RedirectShopper', pspReference: 'PSP0000000000001', action: {} }));
    expect(await action.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'declined', code: 'authentication_required', providerPaymentId: 'PSP0000000000001' });
    const cancelled = adapterAnswering(() => json(200, { resultCode: 'Cancelled', pspReference: 'PSP0000000000001' }));
    expect(await cancelled.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'declined', code: 'cancelled' });
  });

  it('Refused without a known code falls back to the reason text, then generic_decline', async () => {
    const byText = adapterAnswering(() => json(200, { resultCode: 'Refused', refusalReason: 'Not enough balance', pspReference: 'P' }));
    expect(await byText.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'declined', code: 'insufficient_funds' });
    const unknown = adapterAnswering(() => json(200, { resultCode: 'Refused', refusalReason: 'Something new', refusalReasonCode: '999', pspReference: 'P' }));
    expect(await unknown.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'declined', code: 'generic_decline', message: 'Refused: Something new (999)' });
  });

  it('a redirect is an invalid request (a misconfigured base URL), not followed', async () => {
    const a = adapterAnswering(() => new Response(null, { status: 301, headers: { location: 'https://elsewhere' } }));
    expect(await a.authorize(authorizeRequest(), ctx())).toMatchObject({ kind: 'invalid_request', status: 301, code: 'unexpected_redirect' });
  });

  it('a modification answer for another payment (reused key) is refused', async () => {
    const a = adapterAnswering(() => json(201, { pspReference: 'MOD0000000000001', paymentPspReference: 'OTHER00000000001', status: 'received', amount: { value: 1, currency: 'EUR' } }));
    expect(await a.capture(modification('MINE000000000001', 1), ctx())).toMatchObject({ kind: 'invalid_request', code: 'idempotency_key_reused' });
  });
});

describe('the error table', () => {
  it('names Adyen error codes, else the HTTP status', () => {
    expect(errorCodeName(422, '167')).toBe('unknown_payment');
    expect(errorCodeName(403, '901')).toBe('invalid_merchant_account');
    expect(errorCodeName(401, '000')).toBe('unauthorized');
    expect(errorCodeName(422, '12345')).toBe('validation_error');
    expect(errorCodeName(418, undefined)).toBe('http_418');
  });

  it('Retry-After: seconds, or a date against the response\'s Date header', () => {
    expect(parseRetryAfter('3', null)).toBe(3000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:30 GMT', 'Mon, 02 Mar 2026 09:00:00 GMT')).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:30 GMT', null)).toBeUndefined();
    expect(parseRetryAfter(null, null)).toBeUndefined();
    expect(parseRetryAfter('soon', null)).toBeUndefined();
  });
});
