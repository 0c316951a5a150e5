// The load's history, assembled after the fact. Requests are known only once vegeta's results
// are decoded, while faults and phases happen live, so each is noted here with its wall-clock
// time and the history is built at the end in time order: a request's invoke at its start
// (vegeta's timestamp), its completion after its latency, faults and phases where they fell.
// Checkers read fault windows by history position, so this order is what they judge by.
import type { AuthorizeArgs } from '../driver/types.ts';
import { HistoryRecorder } from '../history/index.ts';
import type { HistoryEvent, InvokeEvent, PhaseEvent } from '../history/types.ts';
import { completionOf } from './completion.ts';
import { timestampMs, type VegetaResult } from './results.ts';
import { referenceOfUrl } from './targets.ts';

type Entry = { t: number; write: (h: HistoryRecorder) => void };

export class LoadTimeline {
  private readonly entries: Entry[] = [];
  private nextProcess = 0;
  /** Results vegeta recorded without making a request (no target was read): not operations. */
  unsent = 0;

  phase(t: number, phase: PhaseEvent['phase']): void {
    this.entries.push({ t, write: (h) => h.phase(phase) });
  }

  fault(t: number, action: 'start' | 'stop', target: string, description: string, detail?: unknown): void {
    this.entries.push({ t, write: (h) => h.fault(action, target, description, detail) });
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
   * The history, in time order. The sort is stable: at equal times, what was noted first comes
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
}
