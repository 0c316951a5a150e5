import { describe, expect, it } from 'vitest';
import { drillReplayCommand } from './replay-command.ts';

describe('drillReplayCommand', () => {
  it('names the drill, world and seed, and the mutant the core ran as', () => {
    expect(drillReplayCommand({ drill: 'webhook-storm', world: 'sim', seed: 7 })).toBe('npx gauntlet drill webhook-storm --world sim --seed 7');
    expect(drillReplayCommand({ drill: 'webhook-storm', world: 'sim', seed: 7 }, { storage: 'pglite' })).toBe('npx gauntlet drill webhook-storm --world sim --seed 7 --storage pglite');
    expect(drillReplayCommand({ drill: 'webhook-storm', world: 'sim', seed: 7 }, { mutant: 'webhook-no-dedupe' })).toBe('npx gauntlet drill webhook-storm --world sim --seed 7 --mutant webhook-no-dedupe');
  });

  it('names the file a drill was loaded from, not its name (which no catalogue knows)', () => {
    expect(drillReplayCommand({ drill: 'x', world: 'sim', seed: 5, source: 'mine/x.json' })).toBe('npx gauntlet drill mine/x.json --world sim --seed 5');
    expect(drillReplayCommand({ drill: 'x', world: 'sim', seed: 5, source: 'my drills/x.json' })).toBe("npx gauntlet drill 'my drills/x.json' --world sim --seed 5");
  });

  it('a live drill carries the driver or world file, or says that one is needed', () => {
    expect(drillReplayCommand({ drill: 'x', world: 'live', seed: 1 })).toBe('npx gauntlet drill x --world live --seed 1 --driver PATH|--world-file FILE');
    expect(drillReplayCommand({ drill: 'x', world: 'live', seed: 1 }, { sutKnown: true })).toBe('npx gauntlet drill x --world live --seed 1');
    expect(drillReplayCommand({ drill: 'x', world: 'live', seed: 1 }, { driver: 'd.ts', worldFile: 'w.json' })).toBe('npx gauntlet drill x --world live --seed 1 --driver d.ts --world-file w.json');
  });
});
