import { describe, expect, it } from 'vitest';
import { settlementCsv, settlementDate, settlementLines } from './settlement.ts';
import { START, movementContext, testKernel } from './test-support.ts';

function bookWithMoney() {
  const { kernel, clock } = testKernel();
  kernel.payments.create({ id: 'p1', amount: 1000, currency: 'usd', reference: 'order-1', at: START });
  kernel.payments.create({ id: 'p2', amount: 2000, currency: 'eur', reference: 'order-2', at: START });
  for (const id of ['p1', 'p2']) kernel.payments.authorize(id, movementContext(kernel));
  kernel.payments.capture('p1', 1000, movementContext(kernel), { final: true });
  kernel.payments.capture('p2', 2000, movementContext(kernel), { final: true });
  kernel.payments.refund('p1', 250, movementContext(kernel));
  return { kernel, clock };
}

describe('settlement report', () => {
  it('lists captures with fees and refunds as negative lines for the day', () => {
    const { kernel } = bookWithMoney();
    const lines = settlementLines(kernel.ledger.all(), settlementDate(START), { basisPoints: 290, fixed: 30 });
    expect(lines.map((l) => [l.type, l.paymentId, l.reference, l.gross, l.fee, l.net])).toEqual([
      ['capture', 'p1', 'order-1', 1000, 59, 941],
      ['capture', 'p2', 'order-2', 2000, 88, 1912],
      ['refund', 'p1', 'order-1', -250, 0, -250],
    ]);
    expect(settlementLines(kernel.ledger.all(), '2026-01-16', kernel.fees)).toEqual([]);
  });

  it('applies gaps: a missing line, a wrong amount, an extra line', () => {
    const { kernel } = bookWithMoney();
    const lines = settlementLines(kernel.ledger.all(), settlementDate(START), kernel.fees, [
      { type: 'missing', paymentId: 'p2' },
      { type: 'wrong_amount', nth: 1, delta: -100 },
      { type: 'extra', amount: 777, currency: 'USD' },
    ]);
    expect(lines.map((l) => [l.type, l.paymentId, l.gross])).toEqual([
      ['capture', 'p1', 900],
      ['refund', 'p1', -250],
      ['capture', 'unknown_1', 777],
    ]);
  });

  it('writes CSV with a header and quotes what needs quoting', () => {
    const csv = settlementCsv([{ date: '2026-01-15', type: 'capture', paymentId: 'p', reference: 'a,b', movementId: 'm', currency: 'usd', gross: 1, fee: 0, net: 1 }]);
    expect(csv).toBe('date,type,payment_id,reference,movement_id,currency,gross,fee,net\n2026-01-15,capture,p,"a,b",m,usd,1,0,1\n');
  });
});
