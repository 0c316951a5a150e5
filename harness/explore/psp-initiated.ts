// The nemesis's PSP-initiated money: a refund made from the PSP's dashboard on a captured payment
// (the simulators' POST /__gauntlet/refunds), which the SUT learns of only by webhook. Recorded as
// a fault (start and stop at once: the PSP acted, nothing stays on) so a timeline shows it.
import { PSP_INITIATED } from '../checker/no-double-money.ts';
import { ledgerOf } from '../history/index.ts';
import type { SimWorld } from '../worlds/sim-world.ts';

/**
 * Refunds `part` percent of what is left (all of it when null) of the SUT payment `paymentId`, at
 * the PSP that captured it. Nothing happens (false) when the payment has nothing captured to refund.
 */
export async function dashboardRefund(w: SimWorld, reference: string, paymentId: string | undefined, part: number | null): Promise<boolean> {
  if (!paymentId) return false;
  // The PSP's payment: the one whose ledger movements carry the SUT's payment id or the merchant
  // reference (what the reference core passes as Adyen's merchantReference and Stripe's metadata).
  const moved = ledgerOf([w.sims.stripe, w.sims.adyen]).find((m) => (m.reference === paymentId || m.reference === reference) && m.kind === 'capture');
  if (!moved) return false;
  const sim = moved.provider === 'stripe' ? w.sims.stripe : w.sims.adyen;
  const left = sim.kernel.payments.get(moved.paymentId);
  const refundable = left ? sim.kernel.payments.refundable(left) : 0;
  if (refundable <= 0) return false;
  const amount = part === null ? refundable : Math.max(1, Math.floor((refundable * part) / 100));
  const res = await sim.app.request('/__gauntlet/refunds', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: moved.paymentId, amount }) });
  if (res.status !== 201) return false;
  const { refundId } = (await res.json()) as { refundId: string };
  const what = `dashboard refund of ${amount} on ${reference} (${moved.provider} ${moved.paymentId}), not asked for by the SUT`;
  // `movementId` names the ledger movement the PSP made on its own: no SUT request asked for it.
  w.history.fault('start', `psp:${moved.provider}`, what, { type: PSP_INITIATED, amount, movementId: refundId });
  w.history.fault('stop', `psp:${moved.provider}`, what);
  return true;
}
