import { describe, expect, it } from 'vitest';
import { createMerchantApiDriver, MERCHANT_API_CAPABILITIES } from './merchant-api-driver.ts';

/** A fetch that records what was sent and answers like the merchant API. */
function recordingFetch() {
  const sent: string[] = [];
  const fetch = async (url: string, init?: RequestInit) => {
    sent.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const body = { id: 'pay_1', reference: 'r', status: 'captured', amount: 100, currency: 'EUR', provider: 'stripe', providerPaymentId: 'pi_1', amounts: { authorized: 100, captured: 100, refunded: 0 }, declineCode: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch };
}

describe('merchant API driver: undeclared operations', () => {
  it('refuses an undeclared operation as invalid/unsupported and sends nothing', async () => {
    const { sent, fetch } = recordingFetch();
    const d = createMerchantApiDriver({ baseUrl: 'http://sut', fetch, capabilities: { ...MERCHANT_API_CAPABILITIES, operations: ['capture'] } });
    expect(await d.refund('pay_1', 50, 'k1')).toEqual({ type: 'fail', error: { kind: 'invalid', code: 'unsupported', message: expect.stringContaining('refund') } });
    expect(await d.void('pay_1', 'k2')).toMatchObject({ type: 'fail', error: { kind: 'invalid', code: 'unsupported' } });
    expect(await d.capture('pay_1', 50, 'k3')).toMatchObject({ type: 'fail', error: { code: 'unsupported', message: expect.stringContaining('partial capture') } });
    expect(sent).toEqual([]);
  });

  it('sends a declared operation', async () => {
    const { sent, fetch } = recordingFetch();
    const d = createMerchantApiDriver({ baseUrl: 'http://sut', fetch, capabilities: { ...MERCHANT_API_CAPABILITIES, operations: ['capture'] } });
    expect(await d.capture('pay_1', undefined, 'k')).toMatchObject({ type: 'ok', value: { status: 'captured' } });
    expect(sent).toEqual(['POST /v1/payments/pay_1/captures']);
  });
});
