// History events as one line each, for people, timed from the drill's start. The explorer's
// `describeEvent` already words every event; it times them from the simulation world's epoch, so
// an event is shifted onto that epoch first. That keeps one wording across `explore`, `replay`
// and the reports, and gives live drills (wall-clock times) readable offsets too.
import { describeEvent, SIM_START } from '../harness/index.ts';
import type { HistoryEvent } from '../harness/index.ts';

export function describeDrillEvent(e: HistoryEvent, drillStart: number): string {
  return describeEvent({ ...e, t: e.t - drillStart + SIM_START });
}
