// The nemesis's PSP-initiated money: a refund made from the PSP's dashboard on a captured payment
// (the simulators' POST /__gauntlet/refunds), or a cardholder's chargeback (POST
// /__gauntlet/disputes), which the SUT learns of only by webhook. Recorded as a fault (start and
// stop at once: the PSP acted, nothing stays on) so a timeline shows it.
import { PSP_INITIATED } from '../checker/no-double-money.ts';
import { ledgerOf } from '../history/index.ts';
import type { SimWorld } from '../worlds/sim-world.ts';

/**
 * Refunds `part` percent of what is left (all of it when null) of the SUT payment `paymentId`, at
 * the PSP that captured it. Nothing happens (false) when the payment has nothing captured to refund.
 */
export async function dashboardRefund(w: SimWorld, reference: string, paymentId: string | undefined, part: number | null): Promise<boolean> {
  const found = capturedAtPsp(w, reference, paymentId, part);
  if (!found) return false;
  const { moved, sim, amount } = found;
  const res = await sim.app.request('/__gauntlet/refunds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: moved.paymentId, amount }) });
  if (res.status !== 201) return false;
  const { refundId } = (await res.json()) as { refundId: string };
  const what = `dashboard refund of ${amount} on ${reference} (${moved.provider} ${moved.paymentId}), not asked for by the SUT`;
  // `movementId` names the ledger movement the PSP made on its own: no SUT request asked for it.
  w.history.fault('start', `psp:${moved.provider}`, what, { type: PSP_INITIATED, amount, movementId: refundId });
  w.history.fault('stop', `psp:${moved.provider}`, what);
  return true;
}

/**
 * The cardholder disputes `part` percent of what is left (all of it when null) of the SUT payment
 * `paymentId` at the PSP that captured it: a chargeback, one per payment. False when there is
 * nothing captured to dispute or it is disputed already.
 */
export async function chargeback(w: SimWorld, reference: string, paymentId: string | undefined, part: number | null): Promise<boolean> {
  const found = capturedAtPsp(w, reference, paymentId, part);
  if (!found) return false;
  const { moved, sim, amount } = found;
  const res = await sim.app.request('/__gauntlet/disputes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: moved.paymentId, amount, reason: 'fraudulent' }) });
  if (res.status !== 201) return false;
  const what = `chargeback of ${amount} on ${reference} (${moved.provider} ${moved.paymentId}): the cardholder disputed it`;
  w.history.fault('start', `psp:${moved.provider}`, what, { type: 'psp_dispute', amount });
  w.history.fault('stop', `psp:${moved.provider}`, what);
  return true;
}

/** The PSP payment that captured the SUT payment, and `part` percent of what is left of it (null: all). */
function capturedAtPsp(w: SimWorld, reference: string, paymentId: string | undefined, part: number | null) {
  if (!paymentId) return undefined;
  // The PSP's payment: the one whose ledger movements carry the SUT's payment id or the merchant
  // reference (what the reference core passes as Adyen's merchantReference and Stripe's metadata).
  const moved = ledgerOf([w.sims.stripe, w.sims.adyen]).find((m) => (m.reference === paymentId || m.reference === reference) && m.kind === 'capture');
  if (!moved) return undefined;
  const sim = moved.provider === 'stripe' ? w.sims.stripe : w.sims.adyen;
  const left = sim.kernel.payments.get(moved.paymentId);
  const refundable = left ? sim.kernel.payments.refundable(left) : 0;
  if (refundable <= 0) return undefined;
  const amount = part === null ? refundable : Math.max(1, Math.floor((refundable * part) / 100));
  return { moved, sim, amount };
}
