// Opens the world a drill runs in: the simulation world (its core on the in-memory store, or SQL
// with `storage`), or the live world (started for the drill, or one `gauntlet up --json` left
// running), with the built-in driver or the user's driver module.
import type { World } from '../../scenarios/index.ts';
import { createMerchantApiDriver, loadDriver } from '../driver/index.ts';
import { startLiveWorld, type LiveWorldDescription } from '../live/up.ts';
import { worldControl } from '../live/world-control.ts';
import type { DrillWorld } from './drill-world.ts';
import { liveDrillWorld } from './live-drill-world.ts';
import { simDrillWorld } from './sim-drill-world.ts';
import { openSimStore, type SimStorage } from '../worlds/sim-store.ts';

export interface OpenWorldOptions {
  world: World;
  seed: number;
  /** A user's driver module (live world only: the simulation world drives the reference core). */
  driverPath?: string;
  /** A live world already running (`gauntlet up --json`): attach instead of starting one. */
  attach?: LiveWorldDescription;
  /** Run the reference core as this built-in mutant (harness selftest; not with an external SUT). */
  mutant?: string;
  /** The simulation world's storage (default memory). */
  storage?: SimStorage;
  log?: (line: string) => void;
}

export async function openDrillWorld(o: OpenWorldOptions): Promise<DrillWorld> {
  if (o.world === 'sim') {
    if (o.driverPath) throw new Error('--driver drives a live service: the simulation world runs the reference core in process (use --world live)');
    const store = await openSimStore(o.storage);
    const w = await simDrillWorld({ seed: o.seed, store, ...(o.mutant ? { mutant: o.mutant } : {}) });
    return { ...w, close: async () => store.close() };
  }
  const owned = o.attach ? undefined : await startLiveWorld({ seed: o.seed, standbyCore: 2, ...(o.mutant ? { mutant: o.mutant } : {}), ...(o.log ? { log: o.log } : {}) });
  try {
    const description = owned ? owned.describe() : o.attach!;
    const control = worldControl(description, owned ? { restartSut: async () => void (await owned.restartCore({ signal: 'SIGKILL' })) } : {});
    const driver = o.driverPath
      ? await loadDriver(o.driverPath, { baseUrl: description.core })
      : createMerchantApiDriver({ baseUrl: description.core, fetch: globalThis.fetch.bind(globalThis), requestTimeoutMs: 15_000 });
    await driver.setup?.();
    return liveDrillWorld({
      control,
      driver,
      before: new Set((await control.ledger()).map((m) => m.id)),
      close: async () => {
        await driver.teardown?.();
        await owned?.stop();
      },
    });
  } catch (err) {
    await owned?.stop();
    throw err;
  }
}
