// Records a run as it happens, in order, stamped with the world's clock (virtual or wall).
import { createHash } from 'node:crypto';
import type { Completion } from '../driver/types.ts';
import type { CompleteEvent, FaultEvent, HistoryEvent, InvokeEvent, MerchantEventReceived, OperationName, PhaseEvent, WebhookEvent } from './types.ts';

type Without<T> = T extends unknown ? Omit<T, 'index' | 't'> : never;

export class HistoryRecorder {
  private readonly now: () => number;
  readonly events: HistoryEvent[] = [];
  private nextOpId = 0;

  constructor(now: () => number) {
    this.now = now;
  }

  private push<E extends HistoryEvent>(event: Without<E>, t = this.now()): E {
    const full = { index: this.events.length, t, ...event } as unknown as E;
    this.events.push(full);
    return full;
  }

  invoke(process: number, op: OperationName, reference: string, args: Record<string, unknown>): InvokeEvent {
    return this.push<InvokeEvent>({ type: 'invoke', process, opId: this.nextOpId++, op, reference, args });
  }

  complete(invoke: InvokeEvent, completion: Completion): CompleteEvent {
    return this.push<CompleteEvent>({ type: completion.type, process: invoke.process, opId: invoke.opId, op: invoke.op, reference: invoke.reference, completion });
  }

  /**
   * One operation on the SUT, recorded: invoke, the driver's call, its completion. A driver that
   * throws completed as `info`: the effect may or may not have happened.
   */
  async operation(process: number, op: OperationName, reference: string, args: Record<string, unknown>, call: () => Promise<Completion>): Promise<Completion> {
    const invoke = this.invoke(process, op, reference, args);
    let completion: Completion;
    try {
      completion = await call();
    } catch (err) {
      completion = { type: 'info', error: { kind: 'network', code: 'driver_threw', message: (err as Error).message } };
    }
    this.complete(invoke, completion);
    return completion;
  }

  fault(action: 'start' | 'stop', target: string, description: string, detail?: unknown): FaultEvent {
    return this.push<FaultEvent>({ type: 'fault', action, target, description, ...(detail !== undefined ? { detail } : {}) });
  }

  /**
   * `at`: when the delivery crossed the wire, for a webhook recorded afterwards from the PSP's
   * delivery log (the live world); its position in the history is then later than its time.
   */
  webhook(event: Without<WebhookEvent>, at?: number): WebhookEvent {
    return this.push<WebhookEvent>(event, at);
  }

  /** A merchant event the merchant's receiver took in, as it arrived. */
  merchantEvent(event: Without<MerchantEventReceived>): MerchantEventReceived {
    return this.push<MerchantEventReceived>(event);
  }

  phase(phase: PhaseEvent['phase']): PhaseEvent {
    return this.push<PhaseEvent>({ type: 'phase', phase });
  }
}

export function toJsonl(events: readonly HistoryEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
}

export function parseJsonl(text: string): HistoryEvent[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as HistoryEvent;
      } catch {
        throw new Error(`history line ${i + 1} is not JSON`);
      }
    });
}

/** sha256 of the JSONL: the same seed must give the same digest, byte for byte. */
export function historyDigest(events: readonly HistoryEvent[]): string {
  return createHash('sha256').update(toJsonl(events)).digest('hex');
}
