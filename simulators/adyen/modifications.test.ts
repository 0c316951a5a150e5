import { describe, expect, it } from 'vitest';
import { adyenInProcess, card } from './test-support/in-process.ts';

const EUR = (value: number) => ({ value, currency: 'EUR' });

async function authorised(t: ReturnType<typeof adyenInProcess>, value = 5000, manual = true) {
  const { json } = await t.pay({ amount: EUR(value), additionalData: { manualCapture: manual ? 'true' : 'false' } });
  return json.pspReference as string;
}

function money(t: ReturnType<typeof adyenInProcess>, psp: string) {
  const l = t.sim.kernel.ledger;
  return { captured: l.total(psp, 'capture'), refunded: l.total(psp, 'refund'), voided: l.total(psp, 'void') };
}

describe('modifications', () => {
  it('answers 201 received with its own pspReference and the payment\'s, and commits the capture', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t);
    const { res, json } = await t.modify(psp, 'captures', { amount: EUR(2000), reference: 'cap-1' });
    expect(res.status).toBe(201);
    expect(json).toEqual({ merchantAccount: 'GauntletECOM', paymentPspReference: psp, pspReference: expect.stringMatching(/^[0-9A-Z]{16}$/), reference: 'cap-1', status: 'received', amount: EUR(2000) });
    expect(json.pspReference).not.toBe(psp);
    const capture = t.sim.kernel.ledger.forPayment(psp).find((m) => m.kind === 'capture');
    expect(capture).toMatchObject({ id: json.pspReference, amount: 2000, operation: 'adyen.captures', reference: 'order-1' });
  });

  it('captures in several parts until the authorisation is used up; more is refused by notification', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 5000);
    await t.modify(psp, 'captures', { amount: EUR(2000) });
    await t.modify(psp, 'captures', { amount: EUR(3000) });
    const over = await t.modify(psp, 'captures', { amount: EUR(1) });
    expect(over.res.status).toBe(201);
    expect(money(t, psp).captured).toBe(5000);
    const captures = (await t.notifications()).filter((i) => i.eventCode === 'CAPTURE');
    expect(captures.map((i) => [i.amount.value, i.success])).toEqual([[2000, 'true'], [3000, 'true'], [1, 'false']]);
    expect(captures[2]).toMatchObject({ reason: 'Insufficient balance on payment', pspReference: over.json.pspReference, originalReference: psp });
  });

  it('refunds in parts, never above what was captured', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 5000);
    await t.modify(psp, 'captures', { amount: EUR(3000) });
    await t.modify(psp, 'refunds', { amount: EUR(1000) });
    await t.modify(psp, 'refunds', { amount: EUR(2000) });
    await t.modify(psp, 'refunds', { amount: EUR(1) });
    expect(money(t, psp)).toEqual({ captured: 3000, refunded: 3000, voided: 0 });
    const refunds = (await t.notifications()).filter((i) => i.eventCode === 'REFUND');
    expect(refunds.map((i) => i.success)).toEqual(['true', 'true', 'false']);
  });

  it('refuses a refund before any capture', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 5000);
    await t.modify(psp, 'refunds', { amount: EUR(100) });
    expect(money(t, psp).refunded).toBe(0);
    expect((await t.notifications()).find((i) => i.eventCode === 'REFUND')?.success).toBe('false');
  });

  it('cancels an authorisation (a void of the whole amount), after which nothing can be captured', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 2500);
    const cancel = await t.modify(psp, 'cancels');
    expect(cancel.res.status).toBe(201);
    expect(cancel.json).not.toHaveProperty('amount');
    await t.modify(psp, 'captures', { amount: EUR(2500) });
    expect(money(t, psp)).toEqual({ captured: 0, refunded: 0, voided: 2500 });
    const items = await t.notifications();
    expect(items.find((i) => i.eventCode === 'CANCELLATION')).toMatchObject({ success: 'true', amount: EUR(2500) });
    expect(items.find((i) => i.eventCode === 'CAPTURE')).toMatchObject({ success: 'false', reason: 'Original payment has been cancelled' });
  });

  it('refuses to cancel a captured payment', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 2500, false);
    await t.modify(psp, 'cancels');
    expect(money(t, psp).voided).toBe(0);
    expect((await t.notifications()).find((i) => i.eventCode === 'CANCELLATION')?.success).toBe('false');
  });

  it('reversal cancels an uncaptured payment', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 2500);
    await t.modify(psp, 'reversals');
    expect(money(t, psp).voided).toBe(2500);
    const item = (await t.notifications()).find((i) => i.eventCode === 'CANCEL_OR_REFUND');
    expect(item).toMatchObject({ success: 'true', additionalData: { 'modification.action': 'cancel' } });
  });

  it('reversal refunds what is left of a captured payment', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 2500, false);
    await t.modify(psp, 'refunds', { amount: EUR(500) });
    await t.modify(psp, 'reversals');
    expect(money(t, psp)).toEqual({ captured: 2500, refunded: 2500, voided: 0 });
    const item = (await t.notifications()).find((i) => i.eventCode === 'CANCEL_OR_REFUND');
    expect(item).toMatchObject({ success: 'true', amount: EUR(2000), additionalData: { 'modification.action': 'refund' } });
  });

  it('refuses a modification in another currency than the payment', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t, 2500);
    await t.modify(psp, 'captures', { amount: { value: 2500, currency: 'USD' } });
    expect(money(t, psp).captured).toBe(0);
    const item = (await t.notifications()).find((i) => i.eventCode === 'CAPTURE');
    expect(item).toMatchObject({ success: 'false', reason: 'Modification in different currency than authorisation' });
  });

  it('refuses to capture a refused payment', async () => {
    const t = adyenInProcess();
    const { json } = await t.pay({ paymentMethod: card({ holderName: 'REFUSED' }) });
    const cap = await t.modify(json.pspReference, 'captures', { amount: EUR(2500) });
    expect(cap.res.status).toBe(201);
    expect(t.sim.kernel.ledger.all()).toHaveLength(0);
    expect((await t.notifications()).find((i) => i.eventCode === 'CAPTURE')?.success).toBe('false');
  });

  it.each(['captures', 'refunds', 'cancels', 'reversals'] as const)('%s on an unknown pspReference: 422 errorCode 167, nothing stored', async (kind) => {
    const t = adyenInProcess();
    const { res, json } = await t.modify('ZZZZZZZZZZZZZZZZ', kind, { amount: EUR(100) });
    expect(res.status).toBe(422);
    expect(json).toMatchObject({ status: 422, errorCode: '167', message: 'Original pspReference required for this operation', errorType: 'validation' });
    expect(json.pspReference).toMatch(/^[0-9A-Z]{16}$/);
    await t.sim.kernel.webhooks.flush();
    expect(t.delivered).toHaveLength(0);
  });

  it('treats a payment of another merchant account as unknown', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t);
    const { res, json } = await t.modify(psp, 'captures', { merchantAccount: 'OtherECOM', amount: EUR(100) });
    expect(res.status).toBe(422);
    expect(json.errorCode).toBe('167');
  });

  it('forgets payments with a control-API reset', async () => {
    const t = adyenInProcess();
    const psp = await authorised(t);
    await t.sim.app.fetch(new Request('http://adyen.test/__gauntlet/reset', { method: 'POST' }));
    const { res } = await t.modify(psp, 'captures', { amount: EUR(100) });
    expect(res.status).toBe(422);
  });
});
