// The `forge` webhook fault, Adyen dialect: a forged notification that lies, sent ahead of the
// genuine one. @adyen/api-library's HmacValidator (what a careful receiver runs) refuses every
// forgery; what the forgery claims is checked field by field.
import adyen from '@adyen/api-library';
import { describe, expect, it } from 'vitest';
import type { ForgeryLie, ForgerySignature } from '../kernel/index.ts';
import type { NotificationRequestItem } from './notifications.ts';
import { HMAC_KEY, adyenInProcess } from './test-support/in-process.ts';

const validator = new adyen.hmacValidator();
const valid = (item: NotificationRequestItem): boolean => {
  try {
    return validator.validateHMAC(item as never, HMAC_KEY);
  } catch {
    return false; // the library throws on a missing signature: refused all the same
  }
};

async function forged(lie: ForgeryLie, signature: ForgerySignature = 'wrong_secret') {
  const t = adyenInProcess();
  t.sim.kernel.faults.set({ rules: [{ match: { event: 'AUTHORISATION' }, times: 1, effect: { type: 'forge', lie, signature } }] });
  const { json } = await t.pay();
  const items = await t.notifications();
  expect(items).toHaveLength(2);
  const [fake, genuine] = items as [NotificationRequestItem, NotificationRequestItem];
  expect(valid(genuine)).toBe(true);
  expect(genuine.eventCode).toBe('AUTHORISATION');
  return { t, psp: json.pspReference as string, fake, genuine };
}

describe('forge: Adyen forgeries that lie', () => {
  it.each(['capture', 'refund'] as const)('%s: a successful modification of the payment that Adyen never made', async (lie) => {
    const { psp, fake, genuine } = await forged(lie);
    expect(valid(fake)).toBe(false);
    expect(fake).toMatchObject({ eventCode: lie === 'capture' ? 'CAPTURE' : 'REFUND', success: 'true', originalReference: psp, amount: genuine.amount, merchantAccountCode: genuine.merchantAccountCode });
    expect(fake.pspReference).toMatch(/^F\d{15}$/);
    expect(fake.pspReference).not.toBe(psp);
  });

  it('amount: the same notification (same event id) with its amount doubled', async () => {
    const { fake, genuine } = await forged('amount');
    expect([fake.eventCode, fake.pspReference, fake.success]).toEqual([genuine.eventCode, genuine.pspReference, genuine.success]);
    expect(fake.amount.value).toBe(genuine.amount.value * 2);
    expect(valid(fake)).toBe(false);
  });

  it('unknown_payment: the notification about a payment that does not exist', async () => {
    const { psp, fake, genuine } = await forged('unknown_payment');
    expect(fake.pspReference).not.toBe(psp);
    expect(fake.merchantReference).not.toBe(genuine.merchantReference);
    expect(JSON.stringify(fake)).not.toContain(psp);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['malformed', 'garbage'],
  ] as const)('signature %s: additionalData.hmacSignature is %j, and HmacValidator refuses it', async (signature, value) => {
    const { fake } = await forged('refund', signature);
    expect(fake.additionalData?.hmacSignature).toBe(value);
    if (value === undefined) expect(fake.additionalData).not.toHaveProperty('hmacSignature');
    expect(valid(fake)).toBe(false);
  });
});
