// An explored schedule as the one runner's traffic: its steps play in order inside the runner's
// safety phase (operations, some two at a time, interleaved hop by hop by the schedule's
// scheduler), and the faults it places between steps start and heal through the runner, so they
// are recorded, counted and healed like any drill's. Time moves with the runner's world (the sim
// world moves virtual time while the safety phase runs); between steps the PSPs' due webhooks are
// delivered and the SUT relays its merchant events.
import type { DrillFault, NetworkTarget } from '../../scenarios/index.ts';
import type { Completion } from '../driver/types.ts';
import type { FaultControl, Recorder, TrafficSource } from '../drill/run-drill.ts';
import type { OperationName } from '../history/types.ts';
import type { NetworkFault } from '../nemesis/network.ts';
import { MAX_PAYMENTS, type OpStep, type Schedule, type Step } from '../generator/schedule.ts';
import type { SimWorld } from '../worlds/sim-world.ts';
import { chargeback, dashboardRefund } from './psp-initiated.ts';

interface PaymentSlot {
  reference: string;
  amount: number;
  paymentId?: string;
  last?: { op: OperationName; args: Record<string, unknown>; call: () => Promise<Completion> };
  seq: number;
}

/** What the schedule's play left behind: the payments it created. */
export interface SchedulePlay {
  lifecycles(): number;
}

export function scheduleTraffic(schedule: Schedule, w: SimWorld): TrafficSource & SchedulePlay {
  const slots: PaymentSlot[] = [];
  const slot = (i: number): PaymentSlot => (slots[i] ??= { reference: `pay-${i}`, amount: 0, seq: 0 });
  const source = async ({ record, faults }: Parameters<TrafficSource>[0]) => {
    for (const step of schedule.steps) {
      await play(w, step, slot, record, faults);
      await w.pumpOnce();
    }
    return { payments: slots.filter((s) => s.paymentId).length };
  };
  return Object.assign(source, { lifecycles: () => slots.filter((s) => s.paymentId).length });
}

async function play(w: SimWorld, step: Step, slot: (i: number) => PaymentSlot, record: Recorder, faults: FaultControl): Promise<void> {
  switch (step.kind) {
    case 'psp_fault':
      await faults.start({ at: '0s', kind: 'psp', provider: step.provider, rule: step.rule });
      return;
    case 'net_fault':
      await faults.start(asDrillFault(step.target, step.fault));
      return;
    case 'heal':
      await faults.heal(step.target ? (f) => f.kind === 'network' && f.target === NET_TARGETS[step.target!] : undefined);
      return;
    case 'psp_refund':
    case 'psp_dispute': {
      // The payment the step names, or else the first other one with something to refund or dispute.
      const act = step.kind === 'psp_refund' ? dashboardRefund : chargeback;
      const order = [step.pay, ...Array.from({ length: MAX_PAYMENTS }, (_, i) => i).filter((i) => i !== step.pay)].map(slot);
      for (const s of order) if (await act(w, s.reference, s.paymentId, step.part)) return;
      return;
    }
    case 'wait':
      await w.clock.sleep(step.ms);
      return;
    case 'concurrent': {
      const a = prepare(w, step.a, slot, record, 1);
      const b = prepare(w, step.b, slot, record, 2);
      await Promise.all([a?.(), b?.()]);
      return;
    }
    default: {
      const run = prepare(w, step, slot, record, 0);
      if (run) await run();
    }
  }
}

/** The schedule's network targets as the drill world names them. */
const NET_TARGETS: Record<'stripe' | 'adyen' | 'core' | 'merchant', NetworkTarget> = { stripe: 'stripe', adyen: 'adyen', core: 'sut', merchant: 'merchant_events' };

/** An in-process network fault as the Toxiproxy toxic that means the same to the SUT (sim-drill-world maps it back). */
function asDrillFault(target: keyof typeof NET_TARGETS, fault: NetworkFault): DrillFault {
  const on = { at: '0s', kind: 'network' as const, target: NET_TARGETS[target] };
  switch (fault.type) {
    case 'latency':
      return { ...on, toxic: 'latency', attributes: { latency: fault.ms } };
    case 'drop_response':
      return { ...on, toxic: 'timeout' };
    case 'reset':
      return { ...on, toxic: 'reset_peer' };
    case 'drop_request':
      return { ...on, toxic: 'down' };
  }
}

/** Turns an operation step into a recorded call, or nothing when it cannot apply yet. */
function prepare(w: SimWorld, step: OpStep, slot: (i: number) => PaymentSlot, record: Recorder, process: number): (() => Promise<void>) | undefined {
  const s = slot(step.pay);
  const recorded = (op: OperationName, args: Record<string, unknown>, call: () => Promise<Completion>) => async () => {
    const completion = await record(op, s.reference, args, call, process);
    if (completion.type !== 'info' && 'value' in completion && completion.value && !s.paymentId) s.paymentId = completion.value.paymentId;
  };
  const key = (op: string) => `${s.reference}-${op}-${++s.seq}`;
  switch (step.kind) {
    case 'authorize': {
      if (s.paymentId || s.last?.op === 'authorize') return undefined;
      s.amount = step.amount;
      const paymentMethod = step.card === 'approved' ? 'pm_card_visa' : 'pm_card_chargeDeclinedInsufficientFunds';
      const args = { reference: s.reference, amount: step.amount, currency: step.currency ?? 'EUR', provider: step.provider, paymentMethod, capture: step.capture, idempotencyKey: key('authorize') };
      const call = () => w.driver.authorize(args);
      s.last = { op: 'authorize', args, call };
      return recorded('authorize', args, call);
    }
    case 'retry': {
      const last = s.last;
      if (!last) return undefined;
      return recorded(last.op, { ...last.args, retry: true }, last.call);
    }
    case 'get': {
      const id = s.paymentId;
      if (!id) return undefined;
      return recorded('get', { paymentId: id }, () => w.driver.get(id));
    }
    default: {
      const id = s.paymentId;
      if (!id) return undefined;
      const amount = step.kind === 'void' || step.part === null ? undefined : Math.max(1, Math.floor((s.amount * step.part) / 100));
      const idempotencyKey = key(step.kind);
      const args = { paymentId: id, amount, idempotencyKey };
      const call =
        step.kind === 'capture'
          ? () => w.driver.capture(id, amount, idempotencyKey)
          : step.kind === 'refund'
            ? () => w.driver.refund(id, amount, idempotencyKey)
            : () => w.driver.void(id, idempotencyKey);
      s.last = { op: step.kind, args, call };
      return recorded(step.kind, args, call);
    }
  }
}
