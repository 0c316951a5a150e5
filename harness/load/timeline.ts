// The load's operations, written into the run's history after the fact. Requests are known only
// once vegeta's results are decoded, while the runner records faults as they happen, so the
// safety phase's events recorded so far are taken back and merged with the requests in time
// order: a request's invoke at its start (vegeta's timestamp), its completion after its latency,
// a fault where it was asked for. Checkers read fault windows by history position, so this
// order is what they judge by.
import type { AuthorizeArgs } from '../driver/types.ts';
import { HistoryRecorder } from '../history/index.ts';
import type { FaultEvent, HistoryEvent, InvokeEvent } from '../history/types.ts';
import { completionOf } from './completion.ts';
import { timestampMs, type VegetaResult } from './results.ts';
import { referenceOfUrl } from './targets.ts';

type Entry = { t: number; write: (h: HistoryRecorder) => void };

export class LoadTimeline {
  private readonly entries: Entry[] = [];
  private nextProcess = 0;
  /** Results vegeta recorded without making a request (no target was read): not operations. */
  unsent = 0;

  /** An event the runner recorded (a phase, a fault start or stop), placed at time `t`. */
  recorded(t: number, e: HistoryEvent): void {
    if (e.type === 'phase') this.entries.push({ t, write: (h) => void h.phase(e.phase) });
    else if (e.type === 'fault') this.entries.push({ t, write: (h) => void h.fault(e.action, e.target, e.description, ...('detail' in e ? [e.detail] : [])) });
    else throw new Error(`load history: an unexpected ${e.type} event during the attack (vegeta is the only traffic)`);
  }

  /**
   * One operation per result. Each request is its own logical client (process): vegeta runs them
   * concurrently, and none waits for another.
   */
  requests(results: readonly VegetaResult[], argsOf: (reference: string) => AuthorizeArgs | undefined): void {
    for (const r of results) {
      const reference = r.url ? referenceOfUrl(r.url) : undefined;
      if (reference === undefined) {
        this.unsent += 1;
        continue;
      }
      const args = argsOf(reference);
      const start = timestampMs(r.timestamp);
      const process = this.nextProcess++;
      let invoke: InvokeEvent | undefined;
      this.entries.push({ t: start, write: (h) => void (invoke = h.invoke(process, 'authorize', reference, { ...(args ?? { reference }) })) });
      this.entries.push({ t: start + r.latency / 1e6, write: (h) => void h.complete(invoke!, completionOf(r)) });
    }
  }

  /**
   * The events, in time order. The sort is stable: at equal times, what was noted first comes
   * first (an invoke before its own completion, a fault start before the requests it may hit).
   */
  build(): HistoryEvent[] {
    let now = 0;
    const h = new HistoryRecorder(() => now);
    for (const e of [...this.entries].sort((a, b) => a.t - b.t)) {
      now = Math.round(e.t * 1000) / 1000;
      e.write(h);
    }
    return h.events;
  }

  /**
   * Replaces the history's events from `from` on (what the runner recorded during the attack)
   * with them merged with the requests. `asked`: when each fault start was asked for (the runner
   * stamps the event once the world confirms it): the window the checkers see then covers every
   * moment the fault may have been active, so a correct SUT is never blamed at its edges.
   * The load is the run's only traffic, so its operation ids start after any already there.
   */
  mergeInto(history: HistoryRecorder, from: number, asked: ReadonlyMap<FaultEvent, number>): void {
    for (const e of history.events.splice(from)) this.recorded(e.type === 'fault' ? (asked.get(e) ?? e.t) : e.t, e);
    const firstOp = history.events.reduce((n, e) => ('opId' in e ? Math.max(n, e.opId + 1) : n), 0);
    for (const e of this.build()) history.events.push({ ...e, index: history.events.length, ...('opId' in e ? { opId: e.opId + firstOp } : {}) } as HistoryEvent);
  }
}
