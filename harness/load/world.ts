// The live world a load runs in, and the URL vegeta aims at: the drill runner's live world
// (started for the load, SIGKILL + restart of the core included, or attached to one
// `gauntlet up --json` left running).
import type { DrillWorld } from '../drill/drill-world.ts';
import { openDrillWorld } from '../drill/start-world.ts';
import type { LiveWorldDescription } from '../live/up.ts';

export interface LoadWorld {
  readonly world: DrillWorld;
  /** The SUT's merchant API base URL. */
  readonly sutUrl: string;
}

export interface OpenLoadWorldOptions {
  seed: number;
  /** A live world already running (`gauntlet up --json`): attach instead of starting one. */
  attach?: LiveWorldDescription;
  log?: (line: string) => void;
}

export async function openLoadWorld(o: OpenLoadWorldOptions): Promise<LoadWorld> {
  const world = await openDrillWorld({ world: 'live', seed: o.seed, ...(o.attach ? { attach: o.attach } : {}), ...(o.log ? { log: o.log } : {}) });
  return { world, sutUrl: world.sutUrl };
}
