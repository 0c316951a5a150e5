// `gauntletWorld()`: the simulator world as a vitest fixture. Called in a describe block (or at
// the top of a file), it starts the world in beforeAll and stops it in afterAll, so a suite never
// leaks a server or a port; the handle it returns is usable from the tests (and their beforeEach).
// vitest is the team's own (a peer dependency of `gauntlet/vitest`, never bundled).
import { afterAll, beforeAll } from 'vitest';
import { startGauntletWorld, type GauntletWorld, type GauntletWorldOptions } from './world.ts';

export function gauntletWorld(options: GauntletWorldOptions = {}): GauntletWorld {
  let world: GauntletWorld | undefined;
  beforeAll(async () => {
    world = await startGauntletWorld(options);
  });
  afterAll(async () => {
    await world?.close();
    world = undefined;
  });
  const live = (): GauntletWorld => {
    if (!world) throw new Error('gauntletWorld(): the world runs only inside the tests of the block that declared it (between its beforeAll and afterAll)');
    return world;
  };
  return {
    get providers() {
      return live().providers;
    },
    get seed() {
      return live().seed;
    },
    provider: (name) => live().provider(name),
    get stripe() {
      return live().stripe;
    },
    get adyen() {
      return live().adyen;
    },
    ledger: () => live().ledger(),
    check: (observed, checkers) => live().check(observed, checkers),
    expectNoDoubleMoney: (observed) => live().expectNoDoubleMoney(observed),
    expectInvariants: (observed, checkers) => live().expectInvariants(observed, checkers),
    close: async () => world?.close(),
  };
}
