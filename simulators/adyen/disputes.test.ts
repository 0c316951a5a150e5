import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import { HMAC_KEY, adyenInProcess } from './test-support/in-process.ts';

function dispute(t: ReturnType<typeof adyenInProcess>, body: unknown) {
  return t.sim.app.fetch(
    new Request('http://adyen.test/__gauntlet/disputes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
}

describe('control-API disputes', () => {
  it('charges back a captured payment: a dispute movement and a CHARGEBACK notification', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ additionalData: undefined, amount: { value: 3000, currency: 'EUR' } });
    const res = await dispute(t, { paymentId: json.pspReference, amount: 1000, reason: 'fraudulent' });
    expect(res.status).toBe(201);
    const { disputeId } = (await res.json()) as { disputeId: string };
    expect(disputeId).toMatch(/^[0-9A-Z]{16}$/);
    expect(t.sim.kernel.ledger.total(json.pspReference, 'dispute')).toBe(1000);
    const item = (await t.notifications()).find((i) => i.eventCode === 'CHARGEBACK');
    expect(item).toMatchObject({
      pspReference: disputeId,
      originalReference: json.pspReference,
      amount: { value: 1000, currency: 'EUR' },
      success: 'true',
      additionalData: { chargebackReasonCode: '10.4' },
    });
    expect(new adyen.hmacValidator().validateHMAC(item as never, HMAC_KEY)).toBe(true);
  });

  it('answers 404 for an unknown payment and 400 for one with nothing captured', async () => {
    const t = adyenInProcess();
    expect((await dispute(t, { paymentId: 'ZZZZZZZZZZZZZZZZ' })).status).toBe(404);
    const { json } = await t.pay();
    expect((await dispute(t, { paymentId: json.pspReference })).status).toBe(400);
    expect(t.sim.kernel.ledger.all().filter((m) => m.kind === 'dispute')).toHaveLength(0);
  });

  it('refuses a second chargeback on the same payment (one dispute per payment, as Stripe)', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ additionalData: undefined, amount: { value: 3000, currency: 'EUR' } });
    expect((await dispute(t, { paymentId: json.pspReference, amount: 1000 })).status).toBe(201);
    const second = await dispute(t, { paymentId: json.pspReference, amount: 500 });
    expect(second.status).toBe(400);
    expect(t.sim.kernel.ledger.total(json.pspReference, 'dispute')).toBe(1000);
  });
});
