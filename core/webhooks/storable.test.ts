// What of a verified event Postgres text can hold: ids refused, hints dropped, free text mended.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '../adapters/types.ts';
import { isStorable, storableEvent, storableText } from './storable.ts';

const event: ProviderEvent = { eventId: 'evt_1', type: 'captured', providerPaymentId: 'pi_1', providerReference: 'ch_1', paymentId: 'pay_1', operationId: 'op_1', amount: 100, currency: 'USD', occurredAt: 0, reason: 'ok' };

describe('storable', () => {
  it('tells NUL and lone surrogates from well-formed text', () => {
    for (const bad of ['a\u0000b', '\uD800', 'x\uDC00', '\uDBFFz']) expect(isStorable(bad)).toBe(false);
    for (const good of ['', 'pi_1', 'é', '\uD83D\uDE00', 'a\u0001b']) expect(isStorable(good)).toBe(true);
  });

  it('property: storableText always gives storable text, and leaves storable text alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(isStorable(storableText(s))).toBe(true);
        if (isStorable(s)) expect(storableText(s)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an event whose ids cannot be stored, drops unusable hints, mends the reason', () => {
    for (const field of ['eventId', 'providerPaymentId', 'providerReference', 'currency'] as const) {
      expect(storableEvent({ ...event, [field]: 'x\u0000' })).toMatchObject({ ok: false, message: expect.stringContaining(field) });
    }
    const mended = storableEvent({ ...event, paymentId: 'pay\u0000', operationId: '\uD800', reason: 'r\u0000' });
    expect(mended).toEqual({ ok: true, event: { ...event, paymentId: undefined, operationId: undefined, reason: 'r\uFFFD' } });
    expect(mended.ok && 'paymentId' in mended.event).toBe(false);
    expect(storableEvent(event)).toEqual({ ok: true, event });
  });
});
