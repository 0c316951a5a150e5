// The messages between the gate and its drill threads (structured-cloned: data only).
import type { Drill } from '../../scenarios/index.ts';
import type { DrillResult, RunDrillOptions } from '../drill/run-drill.ts';

export interface DrillJob {
  type: 'run';
  id: number;
  drill: Drill;
  seed: number;
  mutant?: string;
  criteria?: RunDrillOptions['criteria'];
}

export type FromDrillThread = { type: 'ready' } | { type: 'done'; id: number; result: DrillResult } | { type: 'error'; id: number; message: string };
