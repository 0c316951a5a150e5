import { describe, expect, it } from 'vitest';
import { ADYEN_TEST_HOLDER_NAMES, DECLINE_WORDING } from '../kernel/index.ts';
import { adyenInProcess, card, paymentRequest } from './test-support/in-process.ts';

describe('POST /payments', () => {
  it('authorises with manual capture: 16-character pspReference, one authorisation carrying the reference', async () => {
    const t = adyenInProcess();
    const { res, json } = await t.pay({ reference: 'order-77', amount: { value: 1234, currency: 'EUR' } });
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ resultCode: 'Authorised', merchantReference: 'order-77', amount: { value: 1234, currency: 'EUR' } });
    expect(json.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    const moves = t.sim.kernel.ledger.forPayment(json.pspReference);
    expect(moves.map((m) => [m.kind, m.amount, m.currency, m.reference, m.operation])).toEqual([['authorization', 1234, 'eur', 'order-77', 'adyen.payments']]);
  });

  it("captures at once by default (Adyen's immediate capture)", async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ additionalData: undefined });
    expect(json.resultCode).toBe('Authorised');
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).map((m) => m.kind)).toEqual(['authorization', 'capture']);
  });

  it.each([
    ['captureDelayHours 0 captures at once', { additionalData: undefined, captureDelayHours: 0 }, ['authorization', 'capture']],
    ['captureDelayHours 24 holds the authorisation', { additionalData: undefined, captureDelayHours: 24 }, ['authorization']],
    ['manualCapture "true" wins over captureDelayHours 0', { additionalData: { manualCapture: 'true' }, captureDelayHours: 0 }, ['authorization']],
    ['manualCapture "false" captures', { additionalData: { manualCapture: 'false' } }, ['authorization', 'capture']],
  ])('%s', async (_name, overrides, kinds) => {
    const t = adyenInProcess();
    const { json } = await t.pay(overrides);
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).map((m) => m.kind)).toEqual(kinds);
  });

  it('holds every payment when the merchant account is set to manual capture', async () => {
    const t = adyenInProcess({ defaultCapture: 'manual' });
    const { json } = await t.pay({ additionalData: undefined });
    expect(t.sim.kernel.ledger.forPayment(json.pspReference).map((m) => m.kind)).toEqual(['authorization']);
  });

  it('accepts raw card fields as well as test-encrypted ones', async () => {
    const t = adyenInProcess();
    const raw = { type: 'scheme', number: '5555555555554444', expiryMonth: '03', expiryYear: '2030', cvc: '737', holderName: 'J Smith' };
    const { json } = await t.pay({ paymentMethod: raw });
    expect(json).toMatchObject({ resultCode: 'Authorised', paymentMethod: { brand: 'mc', type: 'scheme' } });
  });

  const declining = Object.entries(ADYEN_TEST_HOLDER_NAMES).filter(([, o]) => o.kind === 'declined');
  it.each(declining)('holderName %s is refused with its refusal reason, and no money is held', async (holderName, outcome) => {
    const t = adyenInProcess();
    const { res, json } = await t.pay({ paymentMethod: card({ holderName }) });
    const wording = DECLINE_WORDING[(outcome as { reason: keyof typeof DECLINE_WORDING }).reason].adyen;
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ resultCode: wording.resultCode, refusalReason: wording.refusalReason, refusalReasonCode: wording.refusalReasonCode });
    expect(json.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    expect(t.sim.kernel.ledger.all()).toHaveLength(0);
  });

  it('refuses a Luhn-valid card that is not one of Adyen\'s test cards, and an expired card', async () => {
    const t = adyenInProcess();
    const real = await t.pay({ paymentMethod: card({ encryptedCardNumber: 'test_4242424242424242' }) });
    expect(real.json).toMatchObject({ resultCode: 'Refused', refusalReason: 'Refused' });
    const expired = await t.pay({ paymentMethod: card({ encryptedExpiryYear: 'test_2025' }) });
    expect(expired.json).toMatchObject({ resultCode: 'Refused', refusalReason: 'Expired Card', refusalReasonCode: '6' });
    expect(t.sim.kernel.ledger.all()).toHaveLength(0);
  });

  it.each(['/v67', '/v68', '/v69', '/v70', '/v71', '/v72', '/checkout/v72'])('serves %s/payments', async (base) => {
    const t = adyenInProcess();
    const res = await t.send(`${base}/payments`, paymentRequest());
    expect(res.status).toBe(200);
  });

  it('does not serve versions before v67', async () => {
    const t = adyenInProcess();
    const res = await t.send('/v66/payments', paymentRequest());
    expect(res.status).toBe(404);
  });

  it('answers 403 Invalid Merchant Account for another account when one is configured', async () => {
    const t = adyenInProcess({ merchantAccount: 'GauntletECOM' });
    const { res, json } = await t.pay({ merchantAccount: 'SomeoneElse' });
    expect(res.status).toBe(403);
    expect(json).toMatchObject({ status: 403, errorCode: '901', errorType: 'security' });
    expect(t.sim.kernel.payments.all()).toHaveLength(0);
  });

  it('gives the same seed the same pspReferences', async () => {
    const refs = async (seed: number) => {
      const t = adyenInProcess({ seed });
      return [(await t.pay()).json.pspReference, (await t.pay()).json.pspReference];
    };
    expect(await refs(7)).toEqual(await refs(7));
    expect(await refs(7)).not.toEqual(await refs(8));
  });
});
